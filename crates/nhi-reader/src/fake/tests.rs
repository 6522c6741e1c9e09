use super::*;

const ATR: [u8; 3] = [0x3B, 0x00, 0x01];

#[test]
fn scripted_card_answers_and_records() {
    let world = FakeWorld::new();
    world.add_reader("R");
    world.insert_card(
        "R",
        FakeCard::new(ATR)
            .answer([0x00, 0xA4], [0x90, 0x00])
            .responder(|c| vec![c[1], 0x90, 0x00]),
    );
    let mut svc = world.service().unwrap();
    assert_eq!(svc.list_readers().unwrap(), vec!["R".to_owned()]);
    let mut conn = svc.connect("R").unwrap();
    assert_eq!(conn.atr(), ATR);
    assert_eq!(conn.transmit(&[0x00, 0xA4]).unwrap(), [0x90, 0x00]);
    assert_eq!(conn.transmit(&[0x00, 0xCA]).unwrap(), [0xCA, 0x90, 0x00]);
    assert_eq!(world.open_connections(), 1);
    conn.disconnect().unwrap();
    assert_eq!(world.open_connections(), 0);
    assert_eq!(
        world.calls(),
        [
            Call::Establish,
            Call::ListReaders,
            Call::Connect,
            Call::Transmit,
            Call::Transmit,
            Call::Disconnect
        ]
    );
}

#[test]
fn injected_errors_hit_exactly_one_call() {
    let world = FakeWorld::new();
    world.add_reader("R");
    world.insert_card("R", FakeCard::new(ATR));
    let mut svc = world.service().unwrap();
    world.fail_next(Call::Connect, ReaderError::SharingViolation);
    assert_eq!(svc.connect("R").err(), Some(ReaderError::SharingViolation));
    let mut conn = svc.connect("R").unwrap();
    world.fail_next(Call::Transmit, ReaderError::CardRemoved);
    assert_eq!(conn.transmit(&[0]), Err(ReaderError::CardRemoved));
    assert_eq!(conn.transmit(&[0]), Ok(vec![0x6D, 0x00]));
}

#[test]
fn removal_reset_and_service_stop_break_connections() {
    let world = FakeWorld::new();
    world.add_reader("R");
    world.insert_card("R", FakeCard::new(ATR));
    let mut svc = world.service().unwrap();
    let mut conn = svc.connect("R").unwrap();
    world.reset_card("R");
    assert_eq!(conn.transmit(&[0]), Err(ReaderError::CardReset));
    world.swap_card("R", FakeCard::new(ATR));
    assert_eq!(conn.transmit(&[0]), Err(ReaderError::CardRemoved));
    drop(conn);
    assert_eq!(world.open_connections(), 0);

    world.stop_service();
    assert_eq!(svc.list_readers(), Err(ReaderError::NoService));
    assert!(world.service().is_err());
    world.restore_service();
    // The old context stays dead, like a context from before a pcscd restart.
    assert_eq!(svc.list_readers(), Err(ReaderError::NoService));
    assert!(world.service().unwrap().list_readers().is_ok());
}

#[test]
fn wait_reports_changes_and_event_counter() {
    let world = FakeWorld::new();
    world.add_reader("R");
    let mut svc = world.service().unwrap();
    let mut watch = [ReaderWatch::new("R")];
    // Unaware: reported at once.
    assert_eq!(
        svc.wait_for_change(&mut watch, Duration::ZERO),
        Ok(WaitOutcome::Changed)
    );
    assert_eq!(watch[0].state, SlotState::Empty);
    assert_eq!(
        svc.wait_for_change(&mut watch, Duration::from_millis(10)),
        Ok(WaitOutcome::TimedOut)
    );
    world.insert_card("R", FakeCard::new(ATR));
    world.swap_card("R", FakeCard::new(ATR));
    assert_eq!(
        svc.wait_for_change(&mut watch, Duration::ZERO),
        Ok(WaitOutcome::Changed)
    );
    assert_eq!(watch[0].state, SlotState::Present);
    assert_eq!(watch[0].event_count, 3);
    assert_eq!(watch[0].atr, ATR);
}

#[test]
fn cancel_wakes_a_blocked_wait() {
    let world = FakeWorld::new();
    let mut svc = world.service().unwrap();
    let canceller = svc.canceller();
    let t = std::thread::spawn(move || {
        let mut watch = [ReaderWatch::pnp()];
        svc.wait_for_change(&mut watch, Duration::ZERO).unwrap();
        svc.wait_for_change(&mut watch, Duration::from_secs(30))
    });
    while !t.is_finished() {
        canceller.cancel();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(t.join().unwrap(), Err(ReaderError::Cancelled));
}
