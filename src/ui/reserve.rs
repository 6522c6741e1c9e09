//! Room kept for something not on show, so nothing moves when it appears: the "why" line under
//! a button that is enabled now, the longer of a button's two labels ("Copy the code" /
//! "Copied"), a warning that comes and goes while the person types.
//!
//! [`reserve`] lays its content out (so it takes exactly that content's size) but draws
//! nothing, takes no input and is invisible to widget operations: a test that looks for the
//! text does not find it, as a person would not see it.

use iced::advanced::layout::{self, Layout};
use iced::advanced::mouse;
use iced::advanced::renderer;
use iced::advanced::widget::{Tree, Widget};
use iced::{Element, Length, Rectangle, Size, Theme};

/// The space `content` would take, empty.
pub fn reserve<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    Element::new(Reserve {
        content: content.into(),
    })
}

/// `content` when `shown`, else the same room left empty.
pub fn shown_or_reserved<'a, M: 'a>(
    shown: bool,
    content: impl Into<Element<'a, M>>,
) -> Element<'a, M> {
    if shown {
        content.into()
    } else {
        reserve(content)
    }
}

struct Reserve<'a, M> {
    content: Element<'a, M>,
}

impl<M> Widget<M, Theme, iced::Renderer> for Reserve<'_, M> {
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
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
        _tree: &Tree,
        _renderer: &mut iced::Renderer,
        _theme: &Theme,
        _style: &renderer::Style,
        _layout: Layout<'_>,
        _cursor: mouse::Cursor,
        _viewport: &Rectangle,
    ) {
    }
}

/// `choices[shown]`, in room for the largest of `choices`: a label that changes ("Copy the
/// code" → "Copied") keeps its button's size, so nothing beside or under it moves. The others
/// are laid out, never drawn, and invisible to widget operations.
pub fn one_of<'a, M: 'a>(choices: Vec<Element<'a, M>>, shown: usize) -> Element<'a, M> {
    Element::new(OneOf { choices, shown })
}

struct OneOf<'a, M> {
    choices: Vec<Element<'a, M>>,
    shown: usize,
}

impl<M> OneOf<'_, M> {
    fn shown(&self) -> Option<&Element<'_, M>> {
        self.choices.get(self.shown)
    }
}

impl<M> Widget<M, Theme, iced::Renderer> for OneOf<'_, M> {
    fn size(&self) -> Size<Length> {
        Size::new(Length::Shrink, Length::Shrink)
    }

    fn children(&self) -> Vec<Tree> {
        self.choices.iter().map(Tree::new).collect()
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(&self.choices);
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let nodes: Vec<layout::Node> = self
            .choices
            .iter_mut()
            .zip(&mut tree.children)
            .map(|(child, tree)| child.as_widget_mut().layout(tree, renderer, limits))
            .collect();
        let size = nodes.iter().fold(Size::ZERO, |acc, n| {
            Size::new(
                acc.width.max(n.size().width),
                acc.height.max(n.size().height),
            )
        });
        // Each choice centred in the shared room.
        let nodes = nodes
            .into_iter()
            .map(|n| {
                let offset = iced::Point::new(
                    ((size.width - n.size().width) / 2.0).round(),
                    ((size.height - n.size().height) / 2.0).round(),
                );
                n.move_to(offset)
            })
            .collect();
        layout::Node::with_children(size, nodes)
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
        if let (Some(child), Some(tree), Some(layout)) = (
            self.shown(),
            tree.children.get(self.shown),
            layout.children().nth(self.shown),
        ) {
            child
                .as_widget()
                .draw(tree, renderer, theme, style, layout, cursor, viewport);
        }
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn iced::advanced::widget::Operation,
    ) {
        let shown = self.shown;
        if let (Some(child), Some(tree), Some(layout)) = (
            self.choices.get_mut(shown),
            tree.children.get_mut(shown),
            layout.children().nth(shown),
        ) {
            child
                .as_widget_mut()
                .operate(tree, layout, renderer, operation);
        }
    }
}
