//! What the system shows about its graphics, gathered for free: a few directory entries and
//! symbolic links on Linux, two cheap system calls on Windows, some environment variables.
//! No graphics driver is loaded (that is what would make start-up slower).

use std::path::Path;

/// Everything [`super::decide`] looks at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    /// `ICED_BACKEND` as set in the environment (non-empty).
    pub iced_backend: Option<String>,
    /// A variable that makes the drivers draw in software, as `NAME=value`.
    pub software_forced: Option<String>,
    /// The kind of remote session this is, if it is one.
    pub remote_session: Option<String>,
    pub os: Os,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Os {
    Linux(LinuxFacts),
    Windows(WindowsFacts),
    MacOs,
    #[default]
    Other,
}

/// Linux (and other systems with DRM): the render nodes and whether an NVIDIA device is there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinuxFacts {
    pub render_nodes: Vec<RenderNode>,
    /// `/dev/nvidia0` (the proprietary driver, which may have no render node).
    pub nvidia_device: bool,
}

/// One `/dev/dri/renderD*` node and the kernel driver behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderNode {
    pub name: String,
    /// e.g. `i915`, `amdgpu`, `virtio_gpu`; `None` when sysfs does not say.
    pub driver: Option<String>,
}

/// Windows: the display adapters attached to the desktop, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WindowsFacts {
    pub adapters: Vec<String>,
}

impl Facts {
    /// Nothing gathered (an explicit choice needs no facts).
    pub fn none() -> Facts {
        Facts::default()
    }

    /// This machine's facts.
    pub fn gather() -> Facts {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Facts {
            iced_backend: var("ICED_BACKEND"),
            software_forced: software_forced(&var),
            remote_session: remote_session(&var),
            os: gather_os(),
        }
    }
}

/// Mesa's and the Vulkan loader's switches to software rendering.
pub fn software_forced(var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if let Some(v) = var("LIBGL_ALWAYS_SOFTWARE").filter(|v| !matches!(v.trim(), "0" | "false")) {
        return Some(format!("LIBGL_ALWAYS_SOFTWARE={v}"));
    }
    if let Some(v) = var("GALLIUM_DRIVER")
        .filter(|v| matches!(v.trim(), "llvmpipe" | "softpipe" | "swr" | "lavapipe"))
    {
        return Some(format!("GALLIUM_DRIVER={v}"));
    }
    for name in ["VK_ICD_FILENAMES", "VK_DRIVER_FILES"] {
        if let Some(v) = var(name) {
            let lower = v.to_ascii_lowercase();
            if ["lvp_icd", "lavapipe", "swiftshader"]
                .iter()
                .any(|s| lower.contains(s))
            {
                return Some(format!("{name}={v}"));
            }
        }
    }
    None
}

/// Remote Desktop on Windows; on X11, a display on another host (`ssh -X`) or an xrdp session.
pub fn remote_session(var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    if windows_remote_session() {
        return Some("Remote Desktop".to_owned());
    }
    if cfg!(windows) || cfg!(target_os = "macos") {
        return None;
    }
    if var("XRDP_SESSION").is_some() {
        return Some("xrdp".to_owned());
    }
    // Wayland comes first when both are there; it is always local.
    if var("WAYLAND_DISPLAY").is_some() {
        return None;
    }
    let display = var("DISPLAY")?;
    remote_x_display(&display).then(|| format!("DISPLAY={display}"))
}

/// `host:0` (not `:0`, `unix:0` or a socket path) is an X server reached over the network.
pub fn remote_x_display(display: &str) -> bool {
    if display.starts_with('/') {
        return false;
    }
    match display.rsplit_once(':') {
        Some((host, _)) => !host.is_empty() && host != "unix",
        None => false,
    }
}

#[cfg(not(any(windows, target_os = "macos")))]
fn gather_os() -> Os {
    Os::Linux(linux_facts(Path::new("/dev"), Path::new("/sys/class/drm")))
}

#[cfg(target_os = "macos")]
fn gather_os() -> Os {
    Os::MacOs
}

#[cfg(windows)]
fn gather_os() -> Os {
    Os::Windows(WindowsFacts {
        adapters: windows::display_adapters(),
    })
}

/// The render nodes under `dev/dri` with their drivers from `sys_drm/<node>/device/driver`.
pub fn linux_facts(dev: &Path, sys_drm: &Path) -> LinuxFacts {
    let mut render_nodes: Vec<RenderNode> = std::fs::read_dir(dev.join("dri"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.starts_with("renderD").then_some(name)
        })
        .map(|name| {
            let driver = std::fs::read_link(sys_drm.join(&name).join("device/driver"))
                .ok()
                .and_then(|target| target.file_name().map(|n| n.to_string_lossy().into_owned()));
            RenderNode { name, driver }
        })
        .collect();
    render_nodes.sort_by(|a, b| a.name.cmp(&b.name));
    LinuxFacts {
        render_nodes,
        nvidia_device: dev.join("nvidia0").exists(),
    }
}

#[cfg(windows)]
fn windows_remote_session() -> bool {
    use windows_sys::Win32::UI::WindowsAndMessaging::{GetSystemMetrics, SM_REMOTESESSION};
    // SAFETY: no pointers; returns 0 or non-zero.
    unsafe { GetSystemMetrics(SM_REMOTESESSION) != 0 }
}

#[cfg(not(windows))]
fn windows_remote_session() -> bool {
    false
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::Graphics::Gdi::{
        DISPLAY_DEVICE_ATTACHED_TO_DESKTOP, DISPLAY_DEVICEW, EnumDisplayDevicesW,
    };

    /// The adapters driving a desktop display, as Windows names them ("Intel(R) UHD
    /// Graphics 620", "Microsoft Basic Display Adapter").
    pub fn display_adapters() -> Vec<String> {
        let mut names = Vec::new();
        for index in 0..16 {
            // cb must hold the structure's size.
            let mut device = DISPLAY_DEVICEW {
                cb: std::mem::size_of::<DISPLAY_DEVICEW>() as u32,
                ..Default::default()
            };
            // SAFETY: a null device name enumerates adapters; `device` outlives the call.
            let found = unsafe { EnumDisplayDevicesW(std::ptr::null(), index, &mut device, 0) };
            if found == 0 {
                break;
            }
            if device.StateFlags & DISPLAY_DEVICE_ATTACHED_TO_DESKTOP == 0 {
                continue;
            }
            let len = device
                .DeviceString
                .iter()
                .position(|&c| c == 0)
                .unwrap_or(device.DeviceString.len());
            let name = String::from_utf16_lossy(&device.DeviceString[..len]);
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}
