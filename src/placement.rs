//! Where the window opens and how large: plain Rust, no iced (the UI measures the monitor and
//! carries the answer out; see `ui::window`).
//!
//! - A small screen (1366×768, 1280×720, 1024×768, 1440×900…) gets a maximised window: the
//!   window manager fits it to the work area, taskbar and panels excluded. Its size when not
//!   maximised (and with no window manager at all, which ignores the request) is the whole
//!   monitor, so every part of it is on screen.
//! - A larger screen gets the preferred 1280×900, or less to leave room for panels, centred.
//! - The size and position it had when it was closed come back, if they still fit the monitor;
//!   if the monitor changed (another size, or the window would be off it) it is placed afresh,
//!   so it is always on screen.
//!
//! All sizes are logical pixels. Positions are relative to the monitor's top-left corner.

use serde::{Deserialize, Serialize};

/// The size the app is designed for at 100 % text.
pub const PREFERRED: Size = Size {
    width: 1280.0,
    height: 900.0,
};

/// Smaller is unusable; the window manager keeps the window at least this large.
pub const MINIMUM: Size = Size {
    width: 800.0,
    height: 560.0,
};

/// On a larger screen at most this share of it, leaving room for panels and the taskbar.
const SHARE: f32 = 0.85;

/// Below either of these the screen is small: the window is maximised.
const SMALL_WIDTH: f32 = 1280.0;
const SMALL_HEIGHT: f32 = 960.0;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Size {
    pub width: f32,
    pub height: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// What is remembered between runs (in `settings.json`): the window's size and position on
/// its monitor, whether it was maximised, and that monitor's size, in whole logical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Geometry {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
    pub maximized: bool,
    pub monitor_width: i32,
    pub monitor_height: i32,
}

impl Geometry {
    /// Whether the numbers make sense (a hand-edited or damaged file may say anything).
    pub fn is_sane(&self) -> bool {
        let span = 1..=16384;
        self.width as f32 >= MINIMUM.width
            && self.height as f32 >= MINIMUM.height
            && span.contains(&self.width)
            && span.contains(&self.height)
            && span.contains(&self.monitor_width)
            && span.contains(&self.monitor_height)
            && (-16384..=16384).contains(&self.x)
            && (-16384..=16384).contains(&self.y)
    }
}

/// Where the window goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub size: Size,
    /// Relative to the monitor's top-left corner.
    pub position: Point,
    pub maximized: bool,
}

/// Whether a monitor (or work area) this large counts as small.
pub fn is_small(monitor: Size) -> bool {
    monitor.width < SMALL_WIDTH || monitor.height < SMALL_HEIGHT
}

/// The placement on a monitor of this size (its work area where the system tells it, else
/// the whole monitor), given what was remembered.
pub fn place(monitor: Size, saved: Option<&Geometry>) -> Placement {
    let fresh = fresh(monitor);
    let Some(saved) = saved.filter(|g| g.is_sane()) else {
        return fresh;
    };
    if saved.maximized {
        return Placement {
            maximized: true,
            ..fresh
        };
    }
    let (x, y) = (saved.x as f32, saved.y as f32);
    let (width, height) = (saved.width as f32, saved.height as f32);
    // Another monitor than last time: start afresh rather than guess.
    let same_monitor = (saved.monitor_width as f32 - monitor.width).abs() < 1.0
        && (saved.monitor_height as f32 - monitor.height).abs() < 1.0;
    let fits = x >= 0.0
        && y >= 0.0
        && x + width <= monitor.width + 1.0
        && y + height <= monitor.height + 1.0;
    if !same_monitor || !fits {
        return fresh;
    }
    Placement {
        size: Size { width, height },
        position: Point { x, y },
        maximized: false,
    }
}

fn fresh(monitor: Size) -> Placement {
    if is_small(monitor) {
        return Placement {
            size: monitor,
            position: Point { x: 0.0, y: 0.0 },
            maximized: true,
        };
    }
    let size = Size {
        width: PREFERRED.width.min((monitor.width * SHARE).round()),
        height: PREFERRED.height.min((monitor.height * SHARE).round()),
    };
    Placement {
        size,
        position: Point {
            x: ((monitor.width - size.width) / 2.0).round(),
            y: ((monitor.height - size.height) / 2.0).round(),
        },
        maximized: false,
    }
}

/// The monitor's top-left corner, from where a window centred on it at `size` is (that is how
/// the window is first opened: iced tells the monitor's size but not where it is).
pub fn monitor_origin(centred_at: Point, size: Size, monitor: Size) -> Point {
    // The windowing library rounds the centred offset to whole pixels (half away from zero,
    // as `f32::round`); the corner is a whole number, so undo exactly that.
    Point {
        x: centred_at.x.round() - ((monitor.width - size.width) / 2.0).round(),
        y: centred_at.y.round() - ((monitor.height - size.height) / 2.0).round(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn size(width: f32, height: f32) -> Size {
        Size { width, height }
    }

    fn saved(x: i32, y: i32, w: i32, h: i32, monitor: Size) -> Geometry {
        Geometry {
            x,
            y,
            width: w,
            height: h,
            maximized: false,
            monitor_width: monitor.width as i32,
            monitor_height: monitor.height as i32,
        }
    }

    #[test]
    fn small_screens_get_a_maximised_window_that_fills_the_monitor_without_one() {
        for monitor in [
            size(1366.0, 768.0),
            size(1280.0, 720.0),
            size(1024.0, 768.0),
            size(1440.0, 900.0),
            size(1280.0, 800.0),
        ] {
            let p = place(monitor, None);
            assert!(p.maximized, "{monitor:?}");
            assert_eq!(p.size, monitor);
            assert_eq!(p.position, Point { x: 0.0, y: 0.0 });
        }
    }

    #[test]
    fn large_screens_get_the_preferred_size_centred() {
        let p = place(size(1920.0, 1080.0), None);
        assert!(!p.maximized);
        assert_eq!(p.size, PREFERRED);
        assert_eq!(p.position, Point { x: 320.0, y: 90.0 });
        // Just large enough: the height leaves room for a taskbar.
        let p = place(size(1680.0, 1050.0), None);
        assert_eq!(p.size, size(1280.0, 893.0));
        assert!(p.position.y + p.size.height <= 1050.0 - 48.0);
    }

    #[test]
    fn the_remembered_place_comes_back_on_the_same_monitor() {
        let monitor = size(1920.0, 1080.0);
        let g = saved(100, 50, 1000, 700, monitor);
        let p = place(monitor, Some(&g));
        assert_eq!(p.size, size(1000.0, 700.0));
        assert_eq!(p.position, Point { x: 100.0, y: 50.0 });
        assert!(!p.maximized);
        // Maximised last time: maximised again.
        let g = Geometry {
            maximized: true,
            ..g
        };
        assert!(place(monitor, Some(&g)).maximized);
    }

    #[test]
    fn a_changed_monitor_or_an_off_screen_place_starts_afresh() {
        let big = size(2560.0, 1440.0);
        let laptop = size(1366.0, 768.0);
        // Saved on a large monitor, now on the laptop's screen.
        let g = saved(1200, 400, 1280, 900, big);
        assert_eq!(place(laptop, Some(&g)), place(laptop, None));
        // Same monitor size, but the window would hang off it (or sat left of it).
        for g in [
            saved(1500, 0, 1280, 900, big),
            saved(-300, 10, 1000, 700, big),
        ] {
            assert_eq!(place(big, Some(&g)), place(big, None), "{g:?}");
        }
    }

    #[test]
    fn nonsense_in_the_file_is_ignored() {
        let monitor = size(1920.0, 1080.0);
        for g in [
            saved(99_999, 0, 1000, 700, monitor),
            saved(0, 0, 10, 10, monitor),
            saved(0, 0, 1_000_000, 700, monitor),
            saved(0, 0, 1000, 700, size(0.0, 0.0)),
        ] {
            assert_eq!(place(monitor, Some(&g)), place(monitor, None), "{g:?}");
        }
    }

    #[test]
    fn the_monitor_origin_from_a_centred_window() {
        // Centred 1280×900 on a 1366×768 monitor at (1920, 0): the window's top is above it.
        let at = Point {
            x: 1963.0,
            y: -66.0,
        };
        assert_eq!(
            monitor_origin(at, PREFERRED, size(1366.0, 768.0)),
            Point { x: 1920.0, y: 0.0 }
        );
        // A half-pixel offset (697 − 900 = −203): rounded as the windowing library does.
        let at = Point { x: 43.0, y: -102.0 };
        assert_eq!(
            monitor_origin(at, PREFERRED, size(1366.0, 697.0)),
            Point { x: 0.0, y: 0.0 }
        );
    }
}
