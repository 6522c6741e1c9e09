//! Which renderer actually draws: an invisible widget that looks at the renderer iced hands it
//! and says so once. `crate::renderer` decides what to ask for; if wgpu was asked for but could
//! not start, iced's fallback compositor draws with tiny-skia, and only the renderer itself
//! knows. Diagnostics shows both.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Tree, Widget, tree};
use iced::advanced::{Clipboard, Shell, mouse, renderer};
use iced::{Element, Event, Length, Rectangle, Size, Theme};

use crate::renderer::Renderer;

/// Zero-sized; publishes `on_seen(renderer)` at its first event (the first frame's redraw).
pub fn probe<'a, M: 'a>(on_seen: fn(Renderer) -> M) -> Element<'a, M> {
    Element::new(Probe { on_seen })
}

struct Probe<M> {
    on_seen: fn(Renderer) -> M,
}

#[derive(Default)]
struct Seen(bool);

/// The renderer iced runs: wgpu is the fallback compositor's primary, tiny-skia its secondary.
pub fn kind(renderer: &iced::Renderer) -> Renderer {
    match renderer {
        iced::Renderer::Primary(_) => Renderer::Gpu,
        iced::Renderer::Secondary(_) => Renderer::Software,
    }
}

impl<M> Widget<M, Theme, iced::Renderer> for Probe<M> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<Seen>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(Seen::default())
    }

    fn size(&self) -> Size<Length> {
        Size::new(Length::Fixed(0.0), Length::Fixed(0.0))
    }

    fn layout(
        &mut self,
        _tree: &mut Tree,
        _renderer: &iced::Renderer,
        _limits: &layout::Limits,
    ) -> layout::Node {
        layout::Node::new(Size::ZERO)
    }

    fn draw(
        &self,
        _tree: &Tree,
        _renderer: &mut iced::Renderer,
        _theme: &Theme,
        _style: &renderer::Style,
        _layout: Layout<'_>,
        _cursor: mouse::Cursor,
        _viewport: &Rectangle,
    ) {
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        _event: &Event,
        _layout: Layout<'_>,
        _cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        _clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        _viewport: &Rectangle,
    ) {
        let seen = tree.state.downcast_mut::<Seen>();
        if !seen.0 {
            seen.0 = true;
            shell.publish((self.on_seen)(kind(renderer)));
        }
    }
}
