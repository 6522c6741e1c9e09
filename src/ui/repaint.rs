//! A whole redraw whenever the page changes, with tiny-skia too.
//!
//! tiny-skia (the renderer of every PC without a GPU) redraws only what changed between two
//! frames: it diffs each layer's quads, texts and images and clears and repaints just their
//! rectangles. A text's rectangle is its layout box, but its glyphs are drawn a little past
//! it (side bearings, descenders, anti-aliased edges), and at a fractional scale factor the
//! non-anti-aliased clearing of a rectangle misses the half pixels that its anti-aliased
//! contents covered. So when a page gives way to another, fragments of the old page's
//! glyphs and edges stayed on screen beside the new page's texts (iced_tiny_skia 0.14.1:
//! `Layer::damage` uses `Text::visible_bounds`, the paragraph's `min_bounds`; `Renderer::draw`
//! fills each damage rectangle without anti-aliasing). wgpu redraws everything each frame and
//! was clean.
//!
//! Within one screen it was as bad: a text appearing or going (a hint line, the first typed
//! character) shifts every later text's place in the layer's list, so all of them count as
//! changed, and each is drawn again without a clip (its box lies within its own damage
//! rectangle) over the uncleared pixels its glyphs reach past the box: descenders got one
//! more coat of ink with every such frame.
//!
//! [`repaint`] draws the whole view inside a layer of its own whose bounds change with every
//! update that may change what is on screen (by a fraction of a pixel beyond the window,
//! clipping nothing). A layer whose bounds changed is damaged as a whole (that is how
//! `Layer::damage` begins), so the frame after such an update is a full redraw, exactly what
//! a fresh window shows. The rest stay partial: the countdown's tick and the code's status
//! poll (digits changing in place, no text coming or going: `App::update` tells them
//! apart), a hover or the text cursor's blink (a quad's damage, widened by a pixel, covers
//! its texts). A window left alone draws nothing. `tests/ui_pixels.rs` compares every kind
//! of frame with a full redraw.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree, Widget};
use iced::advanced::{Clipboard, Renderer as _, Shell, mouse, overlay, renderer};
use iced::{Element, Event, Length, Rectangle, Size, Theme, Vector};

/// `content`, drawn in full in the first frame after each new `update` (a counter).
pub fn repaint<'a, M: 'a>(update: u64, content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    Element::new(Repaint {
        update,
        content: content.into(),
    })
}

struct Repaint<'a, M> {
    update: u64,
    content: Element<'a, M>,
}

/// How far past the view the layer reaches after update `n`: different for 1024 updates in a
/// row (several updates may come between two frames), under a pixel, outside the window.
fn reach(n: u64) -> f32 {
    (n % 1024) as f32 / 1024.0
}

impl<M> Widget<M, Theme, iced::Renderer> for Repaint<'_, M> {
    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        // Bounds unlike the last frame's: the whole layer is damaged, the frame drawn in full.
        let bounds = layout.bounds().expand(reach(self.update));
        renderer.with_layer(bounds, |renderer| {
            self.content.as_widget().draw(
                &tree.children[0],
                renderer,
                theme,
                style,
                layout,
                cursor,
                viewport,
            );
        });
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, M>,
        viewport: &Rectangle,
    ) {
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.content.as_widget().mouse_interaction(
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, M, Theme, iced::Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}
