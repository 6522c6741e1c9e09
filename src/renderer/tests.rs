use super::*;

fn linux(nodes: &[(&str, Option<&str>)], nvidia: bool) -> Facts {
    Facts {
        os: Os::Linux(LinuxFacts {
            render_nodes: nodes
                .iter()
                .map(|(name, driver)| RenderNode {
                    name: (*name).to_owned(),
                    driver: driver.map(str::to_owned),
                })
                .collect(),
            nvidia_device: nvidia,
        }),
        ..Facts::default()
    }
}

fn windows(adapters: &[&str]) -> Facts {
    Facts {
        os: Os::Windows(WindowsFacts {
            adapters: adapters.iter().map(|a| (*a).to_owned()).collect(),
        }),
        ..Facts::default()
    }
}

fn auto(facts: &Facts) -> Decision {
    decide(Choice::Auto, Source::Default, facts)
}

#[test]
fn no_render_node_means_software() {
    // This development machine and CI: no /dev/dri at all.
    let d = auto(&linux(&[], false));
    assert_eq!(d.renderer, Renderer::Software);
    assert_eq!(d.reason, Reason::NoGpuDevice);
    assert_eq!(d.renderer.iced_backend(), "tiny-skia");
}

#[test]
fn a_real_gpu_driver_means_wgpu() {
    for driver in [
        "i915",
        "xe",
        "amdgpu",
        "radeon",
        "nouveau",
        "nvidia-drm",
        "msm",
    ] {
        let d = auto(&linux(&[("renderD128", Some(driver))], false));
        assert_eq!(d.renderer, Renderer::Gpu, "{driver}");
        assert_eq!(
            d.reason,
            Reason::GpuFound {
                adapter: driver.to_owned()
            }
        );
    }
    // The proprietary NVIDIA driver without a render node.
    assert_eq!(auto(&linux(&[], true)).renderer, Renderer::Gpu);
    // A node whose driver sysfs does not name: assume a GPU (wgpu falls back by itself).
    assert_eq!(
        auto(&linux(&[("renderD128", None)], false)).renderer,
        Renderer::Gpu
    );
}

#[test]
fn virtual_machine_and_display_only_adapters_mean_software() {
    for driver in [
        "virtio_gpu",
        "vmwgfx",
        "qxl",
        "bochs-drm",
        "vkms",
        "ast",
        "mgag200",
    ] {
        let d = auto(&linux(&[("renderD128", Some(driver))], false));
        assert_eq!(d.renderer, Renderer::Software, "{driver}");
        assert_eq!(
            d.reason,
            Reason::NoGpuAdapter {
                adapter: driver.to_owned()
            }
        );
    }
    // A laptop with a virtual display driver beside its real GPU: the GPU wins.
    let d = auto(&linux(
        &[("renderD128", Some("evdi")), ("renderD129", Some("i915"))],
        false,
    ));
    assert_eq!(d.renderer, Renderer::Gpu);
}

#[test]
fn windows_basic_remote_and_virtual_adapters_mean_software() {
    for adapter in [
        "Microsoft Basic Display Adapter",
        "Microsoft Basic Render Driver",
        "Microsoft Remote Display Adapter",
        "Microsoft Hyper-V Video",
        "VMware SVGA 3D",
        "VirtualBox Graphics Adapter (WDDM)",
        "Red Hat QXL controller",
        "Citrix Indirect Display Adapter",
    ] {
        let d = auto(&windows(&[adapter]));
        assert_eq!(d.renderer, Renderer::Software, "{adapter}");
    }
    for adapter in [
        "Intel(R) UHD Graphics 620",
        "NVIDIA GeForce GTX 1650",
        "AMD Radeon(TM) Graphics",
    ] {
        let d = auto(&windows(&["Microsoft Basic Display Adapter", adapter]));
        assert_eq!(d.renderer, Renderer::Gpu, "{adapter}");
        assert_eq!(
            d.reason,
            Reason::GpuFound {
                adapter: adapter.to_owned()
            }
        );
    }
    // "Idd" is a word of its own in indirect display drivers' names, not part of another.
    assert_eq!(
        auto(&windows(&["Virtual Display (IDD)"])).renderer,
        Renderer::Software
    );
    assert_eq!(auto(&windows(&["Kidder GPU"])).renderer, Renderer::Gpu);
}

#[test]
fn remote_sessions_and_forced_software_come_before_the_devices() {
    let mut facts = linux(&[("renderD128", Some("amdgpu"))], false);
    facts.remote_session = Some("xrdp".into());
    let d = auto(&facts);
    assert_eq!(d.renderer, Renderer::Software);
    assert_eq!(
        d.reason,
        Reason::RemoteSession {
            kind: "xrdp".into()
        }
    );

    let mut facts = windows(&["NVIDIA GeForce RTX 3060"]);
    facts.software_forced = Some("LIBGL_ALWAYS_SOFTWARE=1".into());
    assert_eq!(auto(&facts).renderer, Renderer::Software);
}

#[test]
fn iced_backend_in_the_environment_is_followed_under_auto_only() {
    let mut facts = linux(&[], false);
    facts.iced_backend = Some("wgpu".into());
    let d = auto(&facts);
    assert_eq!(d.renderer, Renderer::Gpu);
    assert_eq!(
        d.reason,
        Reason::Environment {
            value: "wgpu".into()
        }
    );
    facts.iced_backend = Some("tiny-skia".into());
    assert_eq!(auto(&facts).renderer, Renderer::Software);
    // An explicit choice wins over it.
    let d = decide(Choice::Gpu, Source::CommandLine, &facts);
    assert_eq!((d.renderer, d.reason), (Renderer::Gpu, Reason::Asked));
}

#[test]
fn explicit_choices_need_no_facts() {
    let d = decide(Choice::Software, Source::Settings, &Facts::none());
    assert_eq!(d.renderer, Renderer::Software);
    assert_eq!(d.source, Source::Settings);
    let d = decide(Choice::Gpu, Source::MachineConfig, &linux(&[], false));
    assert_eq!(
        d.renderer,
        Renderer::Gpu,
        "asked for, even with no GPU seen"
    );
    assert_eq!(d.renderer.iced_backend(), "wgpu,tiny-skia");
}

#[test]
fn macos_uses_metal_and_unknown_systems_let_wgpu_try() {
    let d = auto(&Facts {
        os: Os::MacOs,
        ..Facts::default()
    });
    assert_eq!((d.renderer, d.reason), (Renderer::Gpu, Reason::Metal));
    let d = auto(&Facts::default());
    assert_eq!((d.renderer, d.reason), (Renderer::Gpu, Reason::Unknown));
}

#[test]
fn the_command_line_wins_then_the_machine_file_then_the_settings() {
    use Choice::*;
    assert_eq!(
        resolve(Some(Gpu), Some(Software), Some(Auto)),
        (Gpu, Source::CommandLine)
    );
    assert_eq!(
        resolve(None, Some(Software), Some(Gpu)),
        (Software, Source::MachineConfig)
    );
    assert_eq!(resolve(None, None, Some(Gpu)), (Gpu, Source::Settings));
    assert_eq!(resolve(None, None, None), (Auto, Source::Default));
}

#[test]
fn words() {
    for c in [Choice::Auto, Choice::Gpu, Choice::Software] {
        assert_eq!(Choice::parse(c.word()), Some(c));
    }
    assert_eq!(Choice::parse(" Software "), Some(Choice::Software));
    assert_eq!(Choice::parse("tiny-skia"), Some(Choice::Software));
    assert_eq!(Choice::parse("opengl"), None);
}

#[test]
fn software_switches_in_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    assert_eq!(
        facts::software_forced(&env(&[("LIBGL_ALWAYS_SOFTWARE", "1")])),
        Some("LIBGL_ALWAYS_SOFTWARE=1".into())
    );
    assert_eq!(
        facts::software_forced(&env(&[("LIBGL_ALWAYS_SOFTWARE", "0")])),
        None
    );
    assert!(facts::software_forced(&env(&[("GALLIUM_DRIVER", "llvmpipe")])).is_some());
    assert!(facts::software_forced(&env(&[("GALLIUM_DRIVER", "iris")])).is_none());
    assert!(
        facts::software_forced(&env(&[(
            "VK_ICD_FILENAMES",
            "/usr/share/vulkan/icd.d/lvp_icd.x86_64.json"
        )]))
        .is_some()
    );
    assert!(facts::software_forced(&env(&[])).is_none());
}

#[test]
fn remote_x_displays() {
    assert!(facts::remote_x_display("localhost:10.0"));
    assert!(facts::remote_x_display("192.0.2.7:0"));
    for local in [":0", ":99", "unix:0", "/tmp/launch-abc/org.xquartz:0"] {
        assert!(!facts::remote_x_display(local), "{local}");
    }
}

#[cfg(unix)]
#[test]
fn render_nodes_and_their_drivers_are_read_from_dev_and_sysfs() {
    let root = tempfile::tempdir().unwrap();
    let dev = root.path().join("dev");
    let sys = root.path().join("sys/class/drm");
    std::fs::create_dir_all(dev.join("dri")).unwrap();
    for name in ["card0", "renderD129", "renderD128"] {
        std::fs::write(dev.join("dri").join(name), "").unwrap();
    }
    let drivers = root.path().join("sys/bus/pci/drivers");
    std::fs::create_dir_all(drivers.join("i915")).unwrap();
    std::fs::create_dir_all(sys.join("renderD128/device")).unwrap();
    std::os::unix::fs::symlink(drivers.join("i915"), sys.join("renderD128/device/driver")).unwrap();
    let facts = facts::linux_facts(&dev, &sys);
    assert_eq!(
        facts.render_nodes,
        vec![
            RenderNode {
                name: "renderD128".into(),
                driver: Some("i915".into())
            },
            RenderNode {
                name: "renderD129".into(),
                driver: None
            },
        ]
    );
    assert!(!facts.nvidia_device);
    // No /dev/dri at all (this machine).
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(
        facts::linux_facts(empty.path(), empty.path()),
        LinuxFacts::default()
    );
}
