//! The window's size and place on screen (the kiosk's full-screen window aside).
//!
//! iced 0.14 knows a monitor's size only once a window is on it, so the window opens hidden,
//! centred at the preferred size; when it is open, the monitor's size and the window's
//! position are asked for, [`crate::placement`] says where it goes (maximised on a small
//! screen, as it was last time if that still fits), and only then is it shown. When the person
//! closes it, its size, position and maximised state are remembered in the settings.
//!
//! On Wayland a window cannot learn or set its position: there the size and the maximised
//! state are applied and the compositor places it.

use iced::{Point, Size, Task, event, window};

use crate::placement::{self, Geometry};

#[derive(Debug, Clone)]
pub enum Message {
    /// The window is open (hidden): measure its monitor and where it is.
    Opened(window::Id),
    Measured {
        id: window::Id,
        monitor: Option<Size>,
        position: Option<Point>,
    },
    Moved(Point),
    Resized(Size),
    /// The close button: find out whether it is maximised, then remember and exit.
    CloseRequested(window::Id),
    Closing(bool),
}

/// What is known of the window: its monitor (size, and top-left corner where the system
/// tells positions) and its latest size and position.
#[derive(Debug, Default, Clone)]
pub struct Tracker {
    monitor: Option<Size>,
    origin: Option<Point>,
    size: Option<Size>,
    position: Option<Point>,
}

/// What the root should do after a window message.
pub enum Outcome {
    Task(Task<Message>),
    /// Remember this geometry, then exit.
    SaveAndExit(Option<Geometry>),
}

/// The window's settings: hidden until placed, at the preferred size, centred on the primary
/// monitor (which is how [`placement::monitor_origin`] finds that monitor's corner).
pub fn settings() -> window::Settings {
    window::Settings {
        size: to_iced(placement::PREFERRED),
        min_size: Some(to_iced(placement::MINIMUM)),
        position: window::Position::Centered,
        visible: false,
        // The close button first remembers where the window was.
        exit_on_close_request: false,
        ..window::Settings::default()
    }
}

/// The window events this module follows (no redraws: those are filtered out before any
/// message is made, so following the window costs nothing while it sits still).
pub fn subscription() -> iced::Subscription<Message> {
    event::listen_with(|event, _status, id| match event {
        iced::Event::Window(window::Event::Opened { .. }) => Some(Message::Opened(id)),
        iced::Event::Window(window::Event::Moved(at)) => Some(Message::Moved(at)),
        iced::Event::Window(window::Event::Resized(size)) => Some(Message::Resized(size)),
        iced::Event::Window(window::Event::CloseRequested) => Some(Message::CloseRequested(id)),
        _ => None,
    })
}

impl Tracker {
    pub fn update(&mut self, message: Message, saved: Option<&Geometry>) -> Outcome {
        match message {
            Message::Opened(id) => Outcome::Task(window::monitor_size(id).then(move |monitor| {
                window::position(id).map(move |position| Message::Measured {
                    id,
                    monitor,
                    position,
                })
            })),
            Message::Measured {
                id,
                monitor,
                position,
            } => Outcome::Task(self.place(id, monitor, position, saved)),
            Message::Moved(at) => {
                self.position = Some(at);
                Outcome::Task(Task::none())
            }
            Message::Resized(size) => {
                self.size = Some(size);
                Outcome::Task(Task::none())
            }
            Message::CloseRequested(id) => {
                Outcome::Task(window::is_maximized(id).map(Message::Closing))
            }
            Message::Closing(maximized) => Outcome::SaveAndExit(self.geometry(maximized)),
        }
    }

    /// Resize and move the hidden window, show it, then maximise it if the placement says so
    /// (after showing: a window manager takes that request only for a mapped window).
    fn place(
        &mut self,
        id: window::Id,
        monitor: Option<Size>,
        position: Option<Point>,
        saved: Option<&Geometry>,
    ) -> Task<Message> {
        let show = window::set_mode(id, window::Mode::Windowed);
        let Some(monitor) = monitor.filter(|m| m.width > 0.0 && m.height > 0.0) else {
            tracing::info!("window: the monitor's size is unknown; shown where it opened");
            return show;
        };
        let monitor_size = from_iced(monitor);
        let placed = placement::place(monitor_size, saved);
        let origin = position.map(|at| {
            let o = placement::monitor_origin(from_point(at), placement::PREFERRED, monitor_size);
            Point::new(o.x, o.y)
        });
        self.monitor = Some(monitor);
        self.origin = origin;
        self.size = Some(to_iced(placed.size));
        let mut steps = vec![window::resize(id, to_iced(placed.size))];
        if let Some(origin) = origin {
            let at = Point::new(origin.x + placed.position.x, origin.y + placed.position.y);
            self.position = Some(at);
            steps.push(window::move_to(id, at));
        }
        tracing::debug!(?monitor, ?placed, "window: placed");
        let mut task = Task::batch(steps).chain(show);
        if placed.maximized {
            task = task.chain(window::maximize(id, true));
        }
        task
    }

    /// The window's size (logical), once known.
    pub fn size(&self) -> Option<Size> {
        self.size
    }

    /// The geometry to remember, relative to the monitor; `None` while nothing is known.
    pub fn geometry(&self, maximized: bool) -> Option<Geometry> {
        let monitor = self.monitor?;
        let size = self.size?;
        let (x, y) = match (self.position, self.origin) {
            (Some(at), Some(origin)) => (at.x - origin.x, at.y - origin.y),
            // Wayland: no positions; the size and maximised state are still worth keeping.
            _ => (0.0, 0.0),
        };
        Some(Geometry {
            x: x.round() as i32,
            y: y.round() as i32,
            width: size.width.round() as i32,
            height: size.height.round() as i32,
            maximized,
            monitor_width: monitor.width.round() as i32,
            monitor_height: monitor.height.round() as i32,
        })
    }
}

fn to_iced(size: placement::Size) -> Size {
    Size::new(size.width, size.height)
}

fn from_iced(size: Size) -> placement::Size {
    placement::Size {
        width: size.width,
        height: size.height,
    }
}

fn from_point(at: Point) -> placement::Point {
    placement::Point { x: at.x, y: at.y }
}
