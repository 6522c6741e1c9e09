//! The scope at the root of the view: Tab / Shift+Tab move the focus through every focusable
//! widget before any widget sees the key, and the focused widget is scrolled into view.

use super::*;

/// The root of the view: Tab and Shift+Tab move the focus (see the module docs).
pub fn scope<'a, M: 'a>(content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    Element::new(Scope {
        content: content.into(),
    })
}

struct Scope<'a, M> {
    content: Element<'a, M>,
}

impl<'a, M: 'a> Widget<M, Theme, iced::Renderer> for Scope<'a, M> {
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
        let child = self
            .content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits);
        layout::Node::with_children(child.size(), vec![child])
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        operation.traverse(&mut |operation| {
            self.content.as_widget_mut().operate(
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
        let child = layout.children().next().unwrap();
        if let Event::Keyboard(keyboard::Event::KeyPressed {
            key: keyboard::Key::Named(Named::Tab),
            modifiers,
            ..
        }) = event
            && !modifiers.control()
            && !modifiers.alt()
            && !modifiers.logo()
        {
            let content = self.content.as_widget_mut();
            let tree = &mut tree.children[0];
            let mut run = |operation: Box<dyn Operation>| {
                let mut operation = operation;
                loop {
                    content.operate(tree, child, renderer, &mut operation);
                    match operation.finish() {
                        Outcome::Chain(next) => operation = next,
                        _ => break,
                    }
                }
            };
            let step = || -> Box<dyn Operation> {
                if modifiers.shift() {
                    Box::new(focusable::focus_previous::<()>())
                } else {
                    Box::new(focusable::focus_next::<()>())
                }
            };
            run(step());
            // iced's focus_next / focus_previous step off the end into "nothing focused";
            // the round goes on instead: past the last control comes the first again.
            let any = Arc::new(AtomicBool::new(false));
            run(Box::new(AnyFocused(any.clone())));
            if !any.load(Ordering::Relaxed) {
                run(step());
            }
            run(Box::<ScrollIntoView>::default());
            shell.capture_event();
            shell.request_redraw();
            return;
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            child,
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
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout.children().next().unwrap(),
            cursor,
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
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout.children().next().unwrap(),
            renderer,
            viewport,
            translation,
        )
    }
}

/// Sets its flag if any widget has the focus.
struct AnyFocused(Arc<AtomicBool>);

impl Operation for AnyFocused {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn focusable(&mut self, _id: Option<&Id>, _bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

/// Two passes: find the focused widget and the innermost scrollable around it, then scroll
/// that scrollable just enough to show the widget (with a margin).
#[derive(Default)]
struct ScrollIntoView {
    /// The scrollables seen and not yet left: (their index in traversal order, the traversal
    /// depth they were reported at, their bounds, their scroll translation).
    stack: Vec<(usize, usize, Rectangle, Vector)>,
    depth: usize,
    seen: usize,
    /// The scrollable to move (its index) and by how much.
    target: Option<(usize, f32)>,
    second_pass: bool,
}

const MARGIN: f32 = 24.0;

impl Operation for ScrollIntoView {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        self.depth += 1;
        operate(self);
        self.depth -= 1;
        let depth = self.depth;
        self.stack.retain(|entry| entry.1 <= depth);
    }

    fn scrollable(
        &mut self,
        _id: Option<&Id>,
        bounds: Rectangle,
        content_bounds: Rectangle,
        translation: Vector,
        state: &mut dyn Scrollable,
    ) {
        let index = self.seen;
        self.seen += 1;
        if !self.second_pass {
            self.stack.push((index, self.depth, bounds, translation));
        } else if self.target.is_some_and(|(target, _)| target == index) {
            let dy = self.target.map_or(0.0, |(_, dy)| dy);
            state.scroll_by(AbsoluteOffset { x: 0.0, y: dy }, bounds, content_bounds);
        }
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if self.second_pass || !state.is_focused() {
            return;
        }
        // The innermost scrollable this widget is inside (not a sibling of).
        let depth = self.depth;
        let Some((index, _, view, t)) = self.stack.iter().rev().find(|e| e.1 < depth) else {
            return;
        };
        // The visible part of the content, in the content's own coordinates.
        let top = view.y + t.y;
        let bottom = top + view.height;
        let dy = if bounds.y - MARGIN < top {
            bounds.y - MARGIN - top
        } else if bounds.y + bounds.height + MARGIN > bottom {
            // Taller than the view: show its top.
            (bounds.y + bounds.height + MARGIN - bottom).min(bounds.y - MARGIN - top)
        } else {
            0.0
        };
        if dy != 0.0 {
            self.target = Some((*index, dy));
        }
    }

    fn finish(&self) -> Outcome<()> {
        if !self.second_pass && self.target.is_some() {
            Outcome::Chain(Box::new(ScrollIntoView {
                target: self.target,
                second_pass: true,
                ..ScrollIntoView::default()
            }))
        } else {
            Outcome::None
        }
    }
}
