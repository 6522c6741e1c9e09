//! The client against a stand-in vpcd (a plain TcpListener speaking the framing).

use std::io::{Read, Write};
use std::net::TcpListener;

use super::*;

fn listener() -> (TcpListener, u16) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

fn send(stream: &mut TcpStream, payload: &[u8]) {
    wire::write_message(stream, payload).unwrap();
}

fn exchange(stream: &mut TcpStream, payload: &[u8]) -> Vec<u8> {
    send(stream, payload);
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).unwrap();
    let mut answer = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut answer).unwrap();
    answer
}

fn accept(listener: &TcpListener) -> TcpStream {
    let (stream, _) = listener.accept().unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

fn select_apdu() -> Vec<u8> {
    let mut apdu = vec![0x00, 0xA4, 0x04, 0x00, 0x10];
    apdu.extend_from_slice(&crate::NHI_AID);
    apdu
}

fn quick() -> InsertOptions {
    InsertOptions {
        connect_timeout: Duration::from_millis(300),
        retry_interval: Duration::from_millis(20),
    }
}

#[test]
fn answers_atr_and_apdus_and_ignores_controls() {
    let (listener, port) = listener();
    let profile = CardProfile::builtin("demo").unwrap();
    let card = VpcdCard::insert(profile.clone(), port).unwrap();
    let mut vpcd = accept(&listener);
    send(&mut vpcd, &[1]); // power on: no answer expected
    assert_eq!(exchange(&mut vpcd, &[4]), profile.atr());
    assert_eq!(exchange(&mut vpcd, &select_apdu()), [0x90, 0x00]);
    let mut expected = profile.basic_data();
    expected.extend_from_slice(&[0x90, 0x00]);
    assert_eq!(
        exchange(&mut vpcd, &[0x00, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00]),
        expected
    );
    send(&mut vpcd, &[2]); // reset forgets the selection
    assert_eq!(
        exchange(&mut vpcd, &[0x00, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00]),
        [0x69, 0x85]
    );
    assert!(card.is_connected());
    assert_eq!(card.connections(), 1);
    card.remove();
}

#[test]
fn remove_closes_the_socket() {
    let (listener, port) = listener();
    let card = VpcdCard::insert(CardProfile::default(), port).unwrap();
    let mut vpcd = accept(&listener);
    card.remove();
    let mut buf = [0u8; 1];
    assert_eq!(vpcd.read(&mut buf).unwrap(), 0, "vpcd should see EOF");
}

#[test]
fn reconnects_when_vpcd_drops_the_connection() {
    let (listener, port) = listener();
    let card = VpcdCard::insert_with(CardProfile::default(), port, quick()).unwrap();
    drop(accept(&listener)); // like pcscd being killed
    let mut vpcd = accept(&listener);
    assert_eq!(
        exchange(&mut vpcd, &[4]),
        CardProfile::default().atr(),
        "the card should come back on a new connection"
    );
    assert_eq!(card.connections(), 2);
    card.remove();
}

#[test]
fn reconnects_after_the_listener_comes_back() {
    let (listener, port) = listener();
    let card = VpcdCard::insert_with(CardProfile::default(), port, quick()).unwrap();
    drop(accept(&listener));
    drop(listener);
    std::thread::sleep(Duration::from_millis(100));
    assert!(!card.is_connected());
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).unwrap();
    let mut vpcd = accept(&listener);
    assert_eq!(exchange(&mut vpcd, &[4]), CardProfile::default().atr());
    card.remove();
}

#[test]
fn remove_while_reconnecting_returns_promptly() {
    let (listener, port) = listener();
    let card = VpcdCard::insert_with(
        CardProfile::default(),
        port,
        InsertOptions {
            retry_interval: Duration::from_secs(30),
            ..quick()
        },
    )
    .unwrap();
    drop(accept(&listener));
    drop(listener);
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    card.remove();
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn insert_fails_clearly_when_nothing_listens() {
    let (listener, port) = listener();
    drop(listener);
    let err = VpcdCard::insert_with(CardProfile::default(), port, quick()).unwrap_err();
    assert!(err.to_string().contains("is pcscd running?"), "{err}");
}

#[test]
fn an_invalid_profile_is_refused_before_connecting() {
    let profile = CardProfile {
        sex: 'X',
        ..CardProfile::default()
    };
    let err = VpcdCard::insert_with(profile, 1, quick()).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

#[test]
fn a_broken_frame_does_not_kill_the_card() {
    let (listener, port) = listener();
    let card = VpcdCard::insert_with(CardProfile::default(), port, quick()).unwrap();
    let mut vpcd = accept(&listener);
    vpcd.write_all(&[0x01, 0x00, 0xAA]).unwrap(); // claims 256 bytes, sends 1
    drop(vpcd);
    let mut vpcd = accept(&listener);
    assert_eq!(exchange(&mut vpcd, &[4]), CardProfile::default().atr());
    card.remove();
}

#[test]
fn slot_names_and_ports() {
    assert_eq!(port_for_slot(0), 35963);
    assert_eq!(port_for_slot(1), 35964);
    assert_eq!(reader_name(1), "Virtual PCD 00 01");
}
