//! Which renderer draws the window: the GPU one (wgpu) or the software one (tiny-skia).
//!
//! On a machine without a usable graphics processor (service-center thin clients, virtual
//! machines, remote desktops, old office PCs) wgpu still starts, on a software adapter (Mesa
//! llvmpipe/lavapipe, Windows WARP, SwiftShader), and costs about 20× the CPU and 3× the memory
//! of tiny-skia for the same pixels (measured: README, performance). `auto` therefore picks
//! tiny-skia wherever wgpu would end up on such an adapter, and wgpu where a real GPU is there.
//!
//! How iced 0.14 chooses: its compositor is `fallback::Compositor<wgpu, tiny-skia>`, which
//! reads the `ICED_BACKEND` variable (a comma-separated list of `wgpu` / `tiny-skia`) and tries
//! each candidate, wgpu first, tiny-skia if wgpu cannot start. It asks wgpu for an adapter
//! with no `force_fallback_adapter`, so wgpu happily returns a CPU adapter. Asking wgpu
//! ourselves would cost the start-up what wgpu costs (loading the Vulkan/GL drivers, tens of
//! milliseconds); instead [`facts`] gathers what the system shows for free (DRM render nodes
//! and their kernel drivers on Linux, the display adapters and remote session flag on
//! Windows, a few well-known environment variables) and [`decide`] turns them into a
//! [`Decision`] — a pure function, tested with made-up facts. [`apply`] then sets
//! `ICED_BACKEND` before iced starts.
//!
//! What wins: `--renderer` on the command line, then `renderer` in the machine-wide
//! configuration (an administrator's choice for a fleet), then `renderer` in the person's
//! settings, then `auto`. Under `auto` an `ICED_BACKEND` already set in the environment is
//! respected (developers, the test suite).

pub mod facts;

use serde::{Deserialize, Serialize};

pub use facts::{Facts, LinuxFacts, Os, RenderNode, WindowsFacts};

/// What the person (or administrator) asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Software where wgpu would run on a software adapter or cannot start, else the GPU.
    #[default]
    Auto,
    /// wgpu (tiny-skia only if wgpu cannot start at all).
    Gpu,
    /// tiny-skia.
    Software,
}

impl Choice {
    /// The words used on the command line and in the files: `auto`, `gpu`, `software`.
    pub fn parse(word: &str) -> Option<Choice> {
        match word.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Choice::Auto),
            "gpu" | "wgpu" => Some(Choice::Gpu),
            "software" | "tiny-skia" | "cpu" => Some(Choice::Software),
            _ => None,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Choice::Auto => "auto",
            Choice::Gpu => "gpu",
            Choice::Software => "software",
        }
    }
}

/// The renderer the app asks iced for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Renderer {
    /// wgpu, with tiny-skia behind it should wgpu fail to start.
    Gpu,
    /// tiny-skia.
    Software,
}

impl Renderer {
    /// The `ICED_BACKEND` value that makes iced use it.
    pub fn iced_backend(self) -> &'static str {
        match self {
            Renderer::Gpu => "wgpu,tiny-skia",
            Renderer::Software => "tiny-skia",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Renderer::Gpu => "gpu",
            Renderer::Software => "software",
        }
    }
}

/// Where a choice other than `auto` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    CommandLine,
    MachineConfig,
    Settings,
    /// Nothing said anything: `auto`.
    Default,
}

/// Why the renderer is the one it is. Every reason names what it saw, so a support call can
/// check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum Reason {
    /// `gpu` or `software` was asked for (see the decision's source).
    Asked,
    /// `ICED_BACKEND` was already set in the environment.
    Environment { value: String },
    /// A variable that makes the graphics drivers draw in software (`LIBGL_ALWAYS_SOFTWARE`,
    /// `GALLIUM_DRIVER=llvmpipe`, a Vulkan driver list naming lavapipe or SwiftShader).
    SoftwareForced { variable: String },
    /// A remote session (Remote Desktop, X forwarded over the network, xrdp): the GPU, if any,
    /// is on the other side.
    RemoteSession { kind: String },
    /// Linux: no DRM render node (`/dev/dri/renderD*`) and no NVIDIA device.
    NoGpuDevice,
    /// Only virtual-machine or display-only graphics (no 3D engine): its kernel driver or
    /// adapter name.
    NoGpuAdapter { adapter: String },
    /// A real graphics processor: its kernel driver or adapter name.
    GpuFound { adapter: String },
    /// macOS: every supported Mac draws with Metal.
    Metal,
    /// Nothing to go by (another system): wgpu, which falls back to tiny-skia by itself.
    Unknown,
}

impl Reason {
    /// The Fluent id of the sentence that explains it (`renderer-reason-…`).
    pub fn message_id(&self) -> &'static str {
        match self {
            Reason::Asked => "renderer-reason-asked",
            Reason::Environment { .. } => "renderer-reason-environment",
            Reason::SoftwareForced { .. } => "renderer-reason-software-forced",
            Reason::RemoteSession { .. } => "renderer-reason-remote",
            Reason::NoGpuDevice => "renderer-reason-no-gpu-device",
            Reason::NoGpuAdapter { .. } => "renderer-reason-no-gpu-adapter",
            Reason::GpuFound { .. } => "renderer-reason-gpu-found",
            Reason::Metal => "renderer-reason-metal",
            Reason::Unknown => "renderer-reason-unknown",
        }
    }

    /// The one value the sentence names (a variable, an adapter…), if any.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Reason::Environment { value } => Some(value),
            Reason::SoftwareForced { variable } => Some(variable),
            Reason::RemoteSession { kind } => Some(kind),
            Reason::NoGpuAdapter { adapter } | Reason::GpuFound { adapter } => Some(adapter),
            Reason::Asked | Reason::NoGpuDevice | Reason::Metal | Reason::Unknown => None,
        }
    }
}

/// The renderer to use, what was asked for and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub choice: Choice,
    pub source: Source,
    pub renderer: Renderer,
    pub reason: Reason,
}

/// The first choice given: the command line, the machine-wide file, the person's settings.
pub fn resolve(
    command_line: Option<Choice>,
    machine_config: Option<Choice>,
    settings: Option<Choice>,
) -> (Choice, Source) {
    command_line
        .map(|c| (c, Source::CommandLine))
        .or(machine_config.map(|c| (c, Source::MachineConfig)))
        .or(settings.map(|c| (c, Source::Settings)))
        .unwrap_or((Choice::Auto, Source::Default))
}

/// The decision for `choice` on a machine that shows `facts`.
pub fn decide(choice: Choice, source: Source, facts: &Facts) -> Decision {
    let decision = |renderer, reason| Decision {
        choice,
        source,
        renderer,
        reason,
    };
    match choice {
        Choice::Gpu => return decision(Renderer::Gpu, Reason::Asked),
        Choice::Software => return decision(Renderer::Software, Reason::Asked),
        Choice::Auto => {}
    }
    if let Some(value) = &facts.iced_backend {
        // Whatever it lists, iced reads it; say which one it starts with.
        let renderer = if value.trim_start().starts_with("tiny") {
            Renderer::Software
        } else {
            Renderer::Gpu
        };
        let reason = Reason::Environment {
            value: value.clone(),
        };
        return decision(renderer, reason);
    }
    if let Some(variable) = &facts.software_forced {
        let reason = Reason::SoftwareForced {
            variable: variable.clone(),
        };
        return decision(Renderer::Software, reason);
    }
    if let Some(kind) = &facts.remote_session {
        let reason = Reason::RemoteSession { kind: kind.clone() };
        return decision(Renderer::Software, reason);
    }
    let (renderer, reason) = match &facts.os {
        Os::Linux(linux) => linux_verdict(linux),
        Os::Windows(windows) => windows_verdict(windows),
        Os::MacOs => (Renderer::Gpu, Reason::Metal),
        Os::Other => (Renderer::Gpu, Reason::Unknown),
    };
    decision(renderer, reason)
}

/// Kernel drivers of DRM devices that draw nothing in 3D: virtual machines' display adapters,
/// server management chips, USB displays, the firmware framebuffer. Mesa renders in software
/// (llvmpipe) on them, and so would wgpu.
const NO_3D_DRIVERS: [&str; 20] = [
    "virtio_gpu",
    "virtio-gpu",
    "vmwgfx",
    "qxl",
    "bochs",
    "bochs-drm",
    "cirrus",
    "cirrus-qemu",
    "vboxvideo",
    "hyperv_drm",
    "xen-front",
    "vkms",
    "vgem",
    "simpledrm",
    "udl",
    "gud",
    "gm12u320",
    "evdi",
    "ast",
    "mgag200",
];

fn linux_verdict(linux: &LinuxFacts) -> (Renderer, Reason) {
    let gpu = linux.render_nodes.iter().find(|node| {
        node.driver
            .as_deref()
            .is_none_or(|d| !NO_3D_DRIVERS.contains(&d))
    });
    if let Some(node) = gpu {
        let adapter = node.driver.clone().unwrap_or_else(|| node.name.clone());
        return (Renderer::Gpu, Reason::GpuFound { adapter });
    }
    // The NVIDIA driver without its DRM module has no render node, only /dev/nvidia*.
    if linux.nvidia_device {
        let adapter = "nvidia".to_owned();
        return (Renderer::Gpu, Reason::GpuFound { adapter });
    }
    match linux.render_nodes.first() {
        Some(node) => {
            let adapter = node.driver.clone().unwrap_or_else(|| node.name.clone());
            (Renderer::Software, Reason::NoGpuAdapter { adapter })
        }
        None => (Renderer::Software, Reason::NoGpuDevice),
    }
}

/// Windows display adapters that are not a graphics processor: the basic (no driver) adapter
/// and its WARP rasteriser, remote and indirect displays, virtual machines' adapters.
const NO_GPU_ADAPTERS: [&str; 10] = [
    "microsoft basic display",
    "microsoft basic render",
    "microsoft remote display",
    "microsoft hyper-v video",
    "vmware svga",
    "virtualbox graphics",
    "red hat qxl",
    "citrix indirect display",
    "parsec virtual display",
    "idd",
];

fn windows_verdict(windows: &WindowsFacts) -> (Renderer, Reason) {
    let is_gpu = |name: &str| {
        let name = name.to_ascii_lowercase();
        !NO_GPU_ADAPTERS.iter().any(|n| {
            // "idd" (indirect display driver) only as a whole word.
            if *n == "idd" {
                name.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == "idd")
            } else {
                name.contains(n)
            }
        })
    };
    if let Some(adapter) = windows.adapters.iter().find(|a| is_gpu(a)) {
        let adapter = adapter.clone();
        return (Renderer::Gpu, Reason::GpuFound { adapter });
    }
    match windows.adapters.first() {
        Some(adapter) => {
            let adapter = adapter.clone();
            (Renderer::Software, Reason::NoGpuAdapter { adapter })
        }
        // None listed at all is odd; let wgpu try (iced falls back to tiny-skia by itself).
        None => (Renderer::Gpu, Reason::Unknown),
    }
}

/// The decision for this machine: the choice given, and the facts gathered only when the
/// choice is `auto` (an explicit choice costs nothing at start-up).
pub fn decide_here(choice: Choice, source: Source) -> Decision {
    let facts = match choice {
        Choice::Auto => Facts::gather(),
        Choice::Gpu | Choice::Software => Facts::none(),
    };
    decide(choice, source, &facts)
}

/// The decision the desktop app makes at start: `--renderer`, else the machine-wide file's
/// `renderer`, else the person's settings' (not read by a kiosk, nor when `read_settings` is
/// off, as in tests), else auto.
pub fn for_app(
    command_line: Option<Choice>,
    machine: Option<&crate::kiosk::MachineConfig>,
    kiosk: bool,
    read_settings: bool,
) -> Decision {
    let settings = if read_settings && !kiosk {
        crate::settings::Store::open_default().settings.renderer
    } else {
        None
    };
    let (choice, source) = resolve(command_line, machine.and_then(|m| m.renderer), settings);
    decide_here(choice, source)
}

/// Makes iced use the decided renderer: sets `ICED_BACKEND`, unless the decision is to follow
/// the value already there.
///
/// # Safety
/// Changes the process environment: call it before any other thread is started (before the
/// async runtime and iced), as `ui::run` does.
pub unsafe fn apply(decision: &Decision) {
    if matches!(decision.reason, Reason::Environment { .. }) {
        return;
    }
    // SAFETY: the caller promises no other thread reads or writes the environment now.
    unsafe { std::env::set_var("ICED_BACKEND", decision.renderer.iced_backend()) };
}

#[cfg(test)]
mod tests;
