//! The renderer, as diagnostics tells it: what was asked for (and where), what was chosen and
//! why, and, from the window, what actually draws. The support question it answers: "why is
//! the app slow / why does it use the CPU so much on this PC?".

use serde::Serialize;

use crate::renderer::{Choice, Decision, Reason, Renderer, Source};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RendererStatus {
    /// `auto`, `gpu` or `software`, and where that came from.
    pub setting: Choice,
    pub source: Source,
    /// What the app asked iced for, and why.
    pub chosen: Renderer,
    pub reason: Reason,
    /// What draws the window, as seen from inside it; `None` from the command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running: Option<Renderer>,
}

impl RendererStatus {
    pub fn new(decision: Decision, running: Option<Renderer>) -> RendererStatus {
        RendererStatus {
            setting: decision.choice,
            source: decision.source,
            chosen: decision.renderer,
            reason: decision.reason,
            running,
        }
    }

    /// The renderer that draws: the one seen, else the one chosen.
    pub fn drawing(&self) -> Renderer {
        self.running.unwrap_or(self.chosen)
    }

    /// The GPU renderer was asked for but could not start (iced drew in software instead).
    pub fn fell_back(&self) -> bool {
        self.chosen == Renderer::Gpu && self.running == Some(Renderer::Software)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::{self, renderer_lines};
    use crate::diagnostics::{Report, SmartCardReport, SmartCardState};
    use crate::i18n::Language;

    fn report(status: RendererStatus) -> Report {
        let cards = SmartCardReport {
            state: SmartCardState::Running,
            readers: Vec::new(),
        };
        Report::new(cards, None).with_renderer(status)
    }

    fn auto_software() -> Decision {
        Decision {
            choice: Choice::Auto,
            source: Source::Default,
            renderer: Renderer::Software,
            reason: Reason::NoGpuDevice,
        }
    }

    #[test]
    fn the_report_says_what_draws_and_why_in_both_languages() {
        let r = report(RendererStatus::new(
            auto_software(),
            Some(Renderer::Software),
        ));
        let en = renderer_lines(&r, Language::English);
        assert_eq!(en[0], "Drawing: in software (tiny-skia)");
        assert!(en[1].starts_with("Chosen automatically: no graphics processor was found"));
        let zh = renderer_lines(&r, Language::TraditionalChinese);
        assert_eq!(zh[0], "繪圖方式：軟體繪圖（tiny-skia）");
        assert!(zh[1].starts_with("自動選擇：找不到顯示晶片"), "{}", zh[1]);
        let text = render::render_text(&r, &Language::ALL);
        assert!(text.contains("Drawing: in software (tiny-skia)"));
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["renderer"]["setting"], "auto");
        assert_eq!(json["renderer"]["chosen"], "software");
        assert_eq!(json["renderer"]["reason"]["code"], "no_gpu_device");
        assert_eq!(json["renderer"]["running"], "software");
    }

    #[test]
    fn a_gpu_that_could_not_start_is_a_warning_with_what_to_do() {
        let asked = Decision {
            choice: Choice::Gpu,
            source: Source::CommandLine,
            renderer: Renderer::Gpu,
            reason: Reason::Asked,
        };
        let r = report(RendererStatus::new(asked, Some(Renderer::Software)));
        let en = renderer_lines(&r, Language::English);
        assert_eq!(en[0], "Drawing: in software (tiny-skia)");
        assert!(en[1].starts_with("Set with --renderer gpu"), "{}", en[1]);
        assert!(en[2].starts_with("⚠ The graphics processor could not be used"));
        // From the command line nothing draws yet: what was chosen, no warning.
        let r = report(RendererStatus::new(auto_software(), None));
        assert_eq!(renderer_lines(&r, Language::English).len(), 2);
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert!(json["renderer"].get("running").is_none());
    }
}
