//! Keyboard focus for the whole app: a button that can hold the focus (iced 0.14's `button`
//! cannot), and the scope at the root of the view that moves the focus with Tab / Shift+Tab.
//!
//! - [`button`] wraps iced's button. It reports itself to focus operations (so
//!   `focus_next` / `focus_previous` reach it, like a text field), presses on Enter or Space
//!   while focused, and draws a thick ring in the theme's text colour (at least 7:1 against the
//!   background in every theme) a few pixels outside itself while it has the focus. A disabled
//!   button is skipped. The mouse never shows the ring: a click anywhere drops the focus.
//! - [`scope`] wraps the app's whole view. Tab / Shift+Tab move the focus through every
//!   focusable widget (these buttons and the text fields) before any widget sees the key, and
//!   the scrollable holding the focused widget is scrolled so it is in view (at 200 % text
//!   the page is taller than the window). Handling Tab here, not in a `Task`, keeps it
//!   synchronous and testable in `iced_test`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use iced::advanced::layout::{self, Layout};
use iced::advanced::renderer;
use iced::advanced::widget::operation::focusable::{self, Focusable};
use iced::advanced::widget::operation::scrollable::AbsoluteOffset;
use iced::advanced::widget::operation::{Operation, Outcome, Scrollable};
use iced::advanced::widget::{Id, Tree, Widget, tree};
use iced::advanced::{Clipboard, Shell, mouse, overlay};
use iced::keyboard::{self, key::Named};
use iced::widget::button as iced_button;
use iced::{Border, Color, Element, Event, Length, Padding, Rectangle, Size, Theme, Vector};

mod tab_scope;

pub use tab_scope::scope;

/// Room kept around every focusable button for its ring, so the ring is never clipped and
/// nothing moves when the focus arrives.
pub const RING_SPACE: f32 = 6.0;
/// The ring's width.
pub const RING_WIDTH: f32 = 3.0;

/// A focusable button around `content`; style it with `.style(..)`, like iced's.
pub fn button<'a, M: Clone + 'a>(content: impl Into<Element<'a, M>>) -> FocusButton<'a, M> {
    FocusButton {
        inner: iced_button(content),
        on_press: None,
        id: None,
    }
}

pub struct FocusButton<'a, M> {
    inner: iced_button::Button<'a, M>,
    on_press: Option<M>,
    id: Option<Id>,
}

impl<'a, M: Clone + 'a> FocusButton<'a, M> {
    pub fn on_press(self, message: M) -> Self {
        self.on_press_maybe(Some(message))
    }

    pub fn on_press_maybe(mut self, message: Option<M>) -> Self {
        self.inner = self.inner.on_press_maybe(message.clone());
        self.on_press = message;
        self
    }

    pub fn padding(mut self, padding: impl Into<Padding>) -> Self {
        self.inner = self.inner.padding(padding);
        self
    }

    pub fn width(mut self, width: impl Into<Length>) -> Self {
        self.inner = self.inner.width(width);
        self
    }

    pub fn style(
        mut self,
        style: impl Fn(&Theme, iced_button::Status) -> iced_button::Style + 'a,
    ) -> Self {
        self.inner = self.inner.style(style);
        self
    }

    /// An id, so a test or `operation::focus(id)` can find this button.
    pub fn id(mut self, id: impl Into<Id>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// Whether the button has the keyboard focus.
#[derive(Debug, Default, Clone, Copy)]
struct State {
    focused: bool,
}

impl Focusable for State {
    fn is_focused(&self) -> bool {
        self.focused
    }
    fn focus(&mut self) {
        self.focused = true;
    }
    fn unfocus(&mut self) {
        self.focused = false;
    }
}

impl<'a, M: Clone + 'a> Widget<M, Theme, iced::Renderer> for FocusButton<'a, M> {
    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(
            &self.inner as &dyn Widget<M, Theme, iced::Renderer>,
        )]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(&[&self.inner as &dyn Widget<M, Theme, iced::Renderer>]);
    }

    fn size(&self) -> Size<Length> {
        Widget::<M, Theme, iced::Renderer>::size(&self.inner)
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let size = Widget::<M, Theme, iced::Renderer>::size(&self.inner);
        let inner = &mut self.inner;
        layout::padded(limits, size.width, size.height, RING_SPACE, |limits| {
            inner.layout(&mut tree.children[0], renderer, limits)
        })
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        if self.on_press.is_some() {
            let state = tree.state.downcast_mut::<State>();
            operation.focusable(self.id.as_ref(), inner_bounds(layout), state);
        }
        operation.traverse(&mut |operation| {
            self.inner.operate(
                &mut tree.children[0],
                layout.children().next().unwrap(),
                renderer,
                operation,
            );
        });
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
        let focused = tree.state.downcast_ref::<State>().focused;
        if focused {
            match event {
                Event::Keyboard(keyboard::Event::KeyPressed {
                    key: keyboard::Key::Named(Named::Enter | Named::Space),
                    modifiers,
                    repeat: false,
                    ..
                }) if modifiers.is_empty() => {
                    if let Some(message) = &self.on_press {
                        shell.publish(message.clone());
                        // Captured: the app's "Enter takes the main step" must not fire too.
                        shell.capture_event();
                        return;
                    }
                }
                // The ring is for the keyboard: any click drops it.
                Event::Mouse(mouse::Event::ButtonPressed(_)) => {
                    tree.state.downcast_mut::<State>().focused = false;
                    shell.request_redraw();
                }
                _ => {}
            }
            if self.on_press.is_none() {
                tree.state.downcast_mut::<State>().focused = false;
            }
        }
        self.inner.update(
            &mut tree.children[0],
            event,
            layout.children().next().unwrap(),
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
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
        use iced::advanced::Renderer as _;
        self.inner.draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout.children().next().unwrap(),
            cursor,
            viewport,
        );
        if tree.state.downcast_ref::<State>().focused {
            renderer.fill_quad(
                renderer::Quad {
                    bounds: layout.bounds(),
                    border: Border {
                        color: ring_colour(theme),
                        width: RING_WIDTH,
                        radius: (6.0 + RING_SPACE).into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.inner.mouse_interaction(
            &tree.children[0],
            layout.children().next().unwrap(),
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
        self.inner.overlay(
            &mut tree.children[0],
            layout.children().next().unwrap(),
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, M: Clone + 'a> From<FocusButton<'a, M>> for Element<'a, M> {
    fn from(button: FocusButton<'a, M>) -> Element<'a, M> {
        Element::new(button)
    }
}

fn inner_bounds(layout: Layout<'_>) -> Rectangle {
    layout
        .children()
        .next()
        .map_or(layout.bounds(), |l| l.bounds())
}

/// The focus ring's colour: the theme's text colour, the strongest contrast there is with the
/// background the ring is drawn on.
pub fn ring_colour(theme: &Theme) -> Color {
    theme.palette().text
}
