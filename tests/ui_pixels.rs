//! Clean pixels with tiny-skia, the renderer of every PC without a GPU. Its window compositor
//! redraws only what changed since the last frame (damage tracking): each frame's layers are
//! diffed against the previous frame's, and only the damaged rectangles are cleared and
//! drawn again into the window's buffer, which keeps the rest. This test drives the real
//! view through exactly that path (`iced_tiny_skia::Renderer::layers` + `Layer::damage` +
//! `damage::group` + `Renderer::draw` into a kept pixmap, as
//! `iced_tiny_skia::window::compositor::present` does with a buffer of age 1), through the
//! screen changes a person makes, and compares each frame with a full redraw of the same
//! state: they must be identical.

mod ui_support;

use iced::{Color, Rectangle, Size, Theme, mouse};
use iced_test::core::renderer::Headless;
use iced_test::core::renderer::Style;
use iced_test::renderer::fallback;
use iced_test::runtime::UserInterface;
use iced_test::runtime::user_interface::Cache;
use iced_tiny_skia::Layer;
use iced_tiny_skia::graphics::{Viewport, damage};

use nhi_companion::flow::{Reply, Ticket};
use nhi_companion::i18n::DisplayMode;
use nhi_companion::ui::screen::{card_ready, settings};
use nhi_companion::ui::{App, Message, Options, look::ThemeChoice};

use ui_support::Ui;

type Renderer = iced_test::renderer::Renderer;

/// A window as tiny-skia's compositor keeps it: the buffer on screen, last frame's layers.
struct Window {
    renderer: Renderer,
    cache: Option<Cache>,
    size: Size,
    viewport: Viewport,
    buffer: tiny_skia::Pixmap,
    clip_mask: tiny_skia::Mask,
    last: Option<(Vec<Layer>, Color)>,
}

fn tiny_skia(renderer: &mut Renderer) -> &mut iced_tiny_skia::Renderer {
    match renderer {
        fallback::Renderer::Secondary(ts) => ts,
        fallback::Renderer::Primary(_) => panic!("the tests pin tiny-skia"),
    }
}

/// The pixels of a frame, and how many of them (and where) differ from another's.
fn difference(
    a: &tiny_skia::Pixmap,
    b: &tiny_skia::Pixmap,
) -> (usize, Option<(u32, u32, u32, u32)>) {
    let w = a.width();
    let mut n = 0;
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    for (i, (p, q)) in a.pixels().iter().zip(b.pixels()).enumerate() {
        if p != q {
            n += 1;
            let (x, y) = (i as u32 % w, i as u32 / w);
            bounds = Some(match bounds {
                None => (x, y, x, y),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
            });
        }
    }
    (n, bounds)
}

impl Window {
    fn new(size: (f32, f32), scale: f32) -> Window {
        ui_support::pin_backend();
        // Load the bundled fonts into the shared font system.
        drop(iced_test::Simulator::<Message, Theme, Renderer>::with_size(
            nhi_companion::ui::settings(),
            size,
            iced::widget::text(""),
        ));
        let settings = nhi_companion::ui::settings();
        let renderer = iced_test::futures::futures::executor::block_on(Renderer::new(
            settings.default_font,
            settings.default_text_size,
            Some("tiny-skia"),
        ))
        .unwrap();
        let physical = Size::new(
            (size.0 * scale).round() as u32,
            (size.1 * scale).round() as u32,
        );
        Window {
            renderer,
            cache: Some(Cache::default()),
            size: Size::new(size.0, size.1),
            viewport: Viewport::with_physical_size(physical, scale),
            buffer: tiny_skia::Pixmap::new(physical.width, physical.height).unwrap(),
            clip_mask: tiny_skia::Mask::new(physical.width, physical.height).unwrap(),
            last: None,
        }
    }

    /// Draw `app` as the window would after an event: lay the view out on the kept widget
    /// state, record its layers, redraw only the damage into the kept buffer. Then draw the
    /// same layers in full into a fresh buffer and compare.
    fn frame(&mut self, app: &App, what: &str) {
        self.frame_at(app, what, mouse::Cursor::Unavailable);
    }

    /// A frame with the pointer at `cursor`: a hover changes a button's look with no update.
    fn frame_at(&mut self, app: &App, what: &str, cursor: mouse::Cursor) {
        let theme = app.theme();
        let background = theme.palette().background;
        let cache = self.cache.take().unwrap_or_default();
        let mut ui = UserInterface::build(app.view(), self.size, cache, &mut self.renderer);
        // A redraw request first, as the runtime sends one before drawing.
        let mut messages = Vec::new();
        let _ = ui.update(
            &[iced::Event::Window(iced::window::Event::RedrawRequested(
                std::time::Instant::now(),
            ))],
            cursor,
            &mut self.renderer,
            &mut iced_test::core::clipboard::Null,
            &mut messages,
        );
        ui.draw(
            &mut self.renderer,
            &theme,
            &Style {
                text_color: theme.palette().text,
            },
            cursor,
        );
        self.cache = Some(ui.into_cache());

        let ts = tiny_skia(&mut self.renderer);
        let layers = ts.layers().to_vec();
        let whole = Rectangle::with_size(self.viewport.logical_size());
        // What `present` does with a buffer of age 1.
        let damage = match &self.last {
            Some((last, last_background)) if *last_background == background => {
                damage::diff(last, &layers, |layer| vec![layer.bounds], Layer::damage)
            }
            _ => vec![whole],
        };
        if !damage.is_empty() {
            let damage = damage::group(damage, whole);
            ts.draw(
                &mut self.buffer.as_mut(),
                &mut self.clip_mask,
                &self.viewport,
                &damage,
                background,
            );
        }
        self.last = Some((layers, background));

        let mut full = tiny_skia::Pixmap::new(self.buffer.width(), self.buffer.height()).unwrap();
        let mut mask = tiny_skia::Mask::new(self.buffer.width(), self.buffer.height()).unwrap();
        ts.draw(
            &mut full.as_mut(),
            &mut mask,
            &self.viewport,
            &[whole],
            background,
        );
        let (n, bounds) = difference(&self.buffer, &full);
        if n > 0 {
            if let Some(dir) = std::env::var_os("NHI_PIXELS_DIR") {
                let dir = std::path::Path::new(&dir);
                let name = what.replace([' ', '/', ':'], "-");
                let _ = self.buffer.save_png(dir.join(format!("{name}-kept.png")));
                let _ = full.save_png(dir.join(format!("{name}-full.png")));
            }
            panic!(
                "{what}: {n} pixels differ from a full redraw of the same frame, within {bounds:?} \
                 (physical pixels, scale {})",
                self.viewport.scale_factor()
            );
        }
    }
}

/// A person's walk through the screens, one frame after each step.
fn walk(mode: DisplayMode, theme: ThemeChoice, scale: f32) {
    let what = |step: &str| format!("{mode:?} {theme:?} ×{scale}: {step}");
    let mut ui = Ui::with(Options {
        mode: Some(mode),
        theme: Some(theme),
        ..Options::default()
    });
    let mut window = Window::new((1280.0, 900.0), scale);
    window.frame(&ui.app, &what("start"));
    ui.card_ready();
    window.frame(&ui.app, &what("card ready"));
    for c in ["D", "De", "Dem", "Demo1234"] {
        ui.send(Message::CardReady(card_ready::Message::Password(c.into())));
        window.frame(&ui.app, &what("typing"));
    }
    ui.send(Message::CardReady(card_ready::Message::Submit));
    window.frame(&ui.app, &what("signing in"));
    let ticket = ui.app.flow().pending().unwrap_or(Ticket(0));
    ui.send(Message::Replied(
        ticket,
        Reply::SignedIn(Ok("token".into())),
    ));
    window.frame(&ui.app, &what("creating the code"));
    ui.reply(Reply::CodeCreated(Ok(ui_support::code())));
    window.frame(&ui.app, &what("the code"));
    // The countdown ticking: the one change of a screen left alone.
    let start = std::time::Instant::now();
    let tick =
        |ui: &mut Ui, s: u64| ui.send(Message::Tick(start + std::time::Duration::from_secs(s)));
    for s in 1..=3 {
        tick(&mut ui, s);
        window.frame(&ui.app, &what("a tick"));
        // Every third second the status poll goes out; its answer: still pending.
        if let Some(ticket) = ui.app.flow().pending() {
            ui.send(Message::Replied(
                ticket,
                Reply::CodeStatus(Ok(nhi_companion::flow::CodeStatus::Pending)),
            ));
            window.frame(&ui.app, &what("a poll answered"));
        }
    }
    // Two minutes left: the hurry line comes under the countdown, then the seconds go on.
    for s in [781, 782, 783] {
        tick(&mut ui, s);
        window.frame(&ui.app, &what("hurry"));
    }
    // The pointer over a button and off it again: hover frames, no update.
    let new_code = ui
        .bounds_of(&ui_support::tr(mode.languages()[0], "code-new"))
        .center();
    window.frame_at(
        &ui.app,
        &what("hovering"),
        mouse::Cursor::Available(new_code),
    );
    window.frame_at(
        &ui.app,
        &what("hover left"),
        mouse::Cursor::Available(iced::Point::ORIGIN),
    );
    ui.send(Message::OpenSettings);
    window.frame(&ui.app, &what("settings"));
    ui.send(Message::Settings(settings::Message::Close));
    window.frame(&ui.app, &what("back from settings"));
    ui.send(Message::Mode(DisplayMode::Bilingual));
    window.frame(&ui.app, &what("both languages"));
    ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
    window.frame(&ui.app, &what("signed in"));
    ui.reader(nhi_companion::flow::ReaderSignal::CardRemoved {
        reader: ui_support::READER.into(),
    });
    window.frame(&ui.app, &what("card out"));
}

#[test]
fn every_frame_after_a_change_equals_a_full_redraw() {
    walk(DisplayMode::Chinese, ThemeChoice::Light, 1.0);
    walk(DisplayMode::English, ThemeChoice::Dark, 1.0);
}

#[test]
fn at_a_fractional_scale_too() {
    // 125 % displays (Windows' default on many laptops): damage rectangles land between
    // physical pixels.
    walk(DisplayMode::Chinese, ThemeChoice::Light, 1.25);
}
