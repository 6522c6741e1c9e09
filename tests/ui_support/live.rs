//! A user interface that lives across views, as the real app's does: the widget state (the
//! scroll position, the focus) is kept from one view to the next, which `Simulator` (a fresh
//! state for every view) cannot show. `Live::frame` rebuilds the app's current view on the
//! kept state, lets the test look at it or send it events, and keeps the state again.

use iced::advanced::widget::operation::{self, Operation, Outcome};
use iced::{Event, Point, Rectangle, Size, Theme, mouse};
use iced_test::core::clipboard;
use iced_test::core::renderer::Headless;
use iced_test::runtime::UserInterface;
use iced_test::runtime::user_interface::Cache;
use iced_test::selector::{Candidate, Selector};

use nhi_companion::ui::{self, App, Message};

/// The renderer the headless tests draw with (tiny-skia, pinned by `pin_backend`).
pub type Renderer = iced_test::renderer::Renderer;

pub struct Live {
    pub renderer: Renderer,
    cache: Option<Cache>,
    pub size: Size,
}

/// One text on screen: what it says, where it is laid out, and the part of that in view
/// (`None`: scrolled out of view; smaller than `bounds`: cut by a scrollable's edge).
#[derive(Debug, Clone)]
pub struct Shown {
    pub content: String,
    pub bounds: Rectangle,
    pub visible: Option<Rectangle>,
}

impl Shown {
    /// Wholly in view, not cut by any edge.
    pub fn whole(&self) -> bool {
        self.visible.is_some_and(|v| same(v, self.bounds))
    }
}

/// Two rectangles equal to within rounding.
pub fn same(a: Rectangle, b: Rectangle) -> bool {
    (a.x - b.x).abs() < 0.5
        && (a.y - b.y).abs() < 0.5
        && (a.width - b.width).abs() < 0.5
        && (a.height - b.height).abs() < 0.5
}

impl Live {
    /// A live interface of `size` logical pixels, with the bundled fonts loaded.
    pub fn new(size: (f32, f32)) -> Live {
        super::pin_backend();
        // A simulator loads the settings' fonts into the shared font system.
        drop(iced_test::Simulator::<Message, Theme, Renderer>::with_size(
            ui::settings(),
            size,
            iced::widget::text(""),
        ));
        let settings = ui::settings();
        let renderer = iced_test::futures::futures::executor::block_on(Renderer::new(
            settings.default_font,
            settings.default_text_size,
            Some("tiny-skia"),
        ))
        .expect("a headless tiny-skia renderer");
        Live {
            renderer,
            cache: Some(Cache::default()),
            size: Size::new(size.0, size.1),
        }
    }

    /// Build `app`'s view on the kept state, hand it to `f`, keep the state.
    pub fn frame<T>(
        &mut self,
        app: &App,
        f: impl FnOnce(&mut UserInterface<'_, Message, Theme, Renderer>, &mut Renderer) -> T,
    ) -> T {
        let cache = self.cache.take().unwrap_or_default();
        let mut ui = UserInterface::build(app.view(), self.size, cache, &mut self.renderer);
        let out = f(&mut ui, &mut self.renderer);
        self.cache = Some(ui.into_cache());
        out
    }

    /// Send `events` (with the pointer at `cursor`) to the view; what the widgets produce.
    pub fn events(&mut self, app: &App, cursor: Point, events: &[Event]) -> Vec<Message> {
        self.frame(app, |ui, renderer| {
            let mut messages = Vec::new();
            let _ = ui.update(
                events,
                mouse::Cursor::Available(cursor),
                renderer,
                &mut clipboard::Null,
                &mut messages,
            );
            messages
        })
    }

    /// Turn the mouse wheel `lines` lines down with the pointer at `at`.
    pub fn wheel(&mut self, app: &App, at: Point, lines: f32) -> Vec<Message> {
        self.events(
            app,
            at,
            &[Event::Mouse(mouse::Event::WheelScrolled {
                delta: mouse::ScrollDelta::Lines { x: 0.0, y: -lines },
            })],
        )
    }

    /// Every text on screen (text inputs' values included), in tree order.
    pub fn texts(&mut self, app: &App) -> Vec<Shown> {
        let selector = |c: Candidate<'_>| match c {
            Candidate::Text {
                content,
                bounds,
                visible_bounds,
                ..
            } => Some(Shown {
                content: content.to_owned(),
                bounds,
                visible: visible_bounds,
            }),
            _ => None,
        };
        self.frame(app, |ui, renderer| {
            let mut op = selector.find_all();
            ui.operate(renderer, &mut operation::black_box(&mut op));
            match op.finish() {
                Outcome::Some(all) => all,
                _ => Vec::new(),
            }
        })
    }

    /// Where `text` is visible on screen, if it is shown and in view.
    pub fn visible(&mut self, app: &App, text: &str) -> Option<Rectangle> {
        let viewport = Rectangle::with_size(self.size);
        self.texts(app)
            .into_iter()
            .find(|s| s.content == text)
            .and_then(|s| s.visible)
            .and_then(|b| b.intersection(&viewport))
            .filter(|b| b.height >= 1.0)
    }
}
