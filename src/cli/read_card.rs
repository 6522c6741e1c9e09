//! `nhi-companion read-card`: the public basic data of the NHI card in a reader.

use std::process::ExitCode;

use clap::Args;

use crate::problem::{AsProblem, Problem};
use crate::reader::pcsc_backend::PcscService;
use crate::reader::{
    CardReading, ReaderSnapshot, SlotState, SmartCardService, read_card, read_reader_snapshot,
};

use super::json::ProfileJson;

#[derive(Debug, Args)]
pub struct ReadCardArgs {
    /// The reader to use: its full name, or a part of it that names one reader only.
    /// Without it, every reader holding a card is tried in turn.
    #[arg(long)]
    pub reader: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ReadCardArgs) -> ExitCode {
    let reading = PcscService::establish()
        .map_err(|e| e.problem())
        .and_then(|mut service| read_from(&mut service, args.reader.as_deref()));
    match reading {
        Ok(reading) => {
            print_reading(&reading, args.json);
            ExitCode::SUCCESS
        }
        Err(problem) => super::fail(&problem),
    }
}

/// Reads the card in the requested reader, or in the first reader that holds an NHI card.
pub fn read_from(
    service: &mut dyn SmartCardService,
    requested: Option<&str>,
) -> Result<CardReading, Problem> {
    let readers = read_reader_snapshot(service).map_err(|e| e.problem())?;
    if readers.is_empty() {
        return Err(Problem::NoReader);
    }
    let candidates: Vec<&ReaderSnapshot> = match requested {
        Some(name) => vec![find_reader(&readers, name)?],
        None => readers.iter().filter(|r| r.state.card_present()).collect(),
    };
    let mut first_problem = None;
    for reader in candidates {
        let result = match reader.state {
            SlotState::Empty => Err(Problem::NoCard),
            SlotState::Mute => Err(Problem::CardUnresponsive),
            _ => read_card(service, &reader.reader).map_err(|e| e.problem()),
        };
        match result {
            Ok(reading) => return Ok(reading),
            // With several cards in, a bank card in one reader must not hide the NHI card in
            // the next; report the first failure only when no reader had an NHI card.
            Err(problem) => {
                first_problem.get_or_insert(problem);
            }
        }
    }
    Err(first_problem.unwrap_or(Problem::NoCard))
}

/// A reader by exact name, else by a case-insensitive part of its name naming one reader.
fn find_reader<'a>(
    readers: &'a [ReaderSnapshot],
    requested: &str,
) -> Result<&'a ReaderSnapshot, Problem> {
    if let Some(exact) = readers.iter().find(|r| r.reader == requested) {
        return Ok(exact);
    }
    let needle = requested.to_lowercase();
    let mut matching = readers
        .iter()
        .filter(|r| r.reader.to_lowercase().contains(&needle));
    match (matching.next(), matching.next()) {
        (Some(only), None) => Ok(only),
        _ => Err(Problem::UnknownReader {
            name: requested.to_owned(),
        }),
    }
}

fn print_reading(reading: &CardReading, json: bool) {
    let p = &reading.profile;
    if json {
        let out = serde_json::to_string(&ProfileJson::from(p)).unwrap_or_else(|_| "{}".to_owned());
        println!("{out}");
    } else {
        // The person asked to see their card: the data is shown in full, on stdout only.
        let j = ProfileJson::from(p);
        println!("Reader        讀卡機    {}", reading.reader);
        println!("Card number   卡號      {}", j.card_number);
        println!("Name          姓名      {}", j.name);
        println!("ID number     身分證號  {}", j.id_number);
        println!("Birth date    出生日期  {}", j.birth_date);
        println!("Sex           性別      {}", j.sex);
        println!("Issue date    發卡日期  {}", j.issue_date);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::apdu::{READ_BASIC_DATA, SELECT_NHI};
    use crate::reader::ReaderError;
    use crate::reader::fake::{Call, FakeCard, FakeWorld};

    fn nhi_card() -> FakeCard {
        let mut record = Vec::new();
        record.extend_from_slice(b"000012345678");
        record.extend_from_slice(b"SMITH JOHN");
        record.resize(32, b' ');
        record.extend_from_slice(b"A800000014");
        record.extend_from_slice(b"0700101F1100505");
        record.extend_from_slice(&[0x90, 0x00]);
        FakeCard::new(vec![0x3B, 0x00])
            .answer(SELECT_NHI, [0x90, 0x00])
            .answer(READ_BASIC_DATA, record)
    }

    fn bank_card() -> FakeCard {
        FakeCard::new(vec![0x3B, 0x01]).answer(SELECT_NHI, [0x6A, 0x82])
    }

    #[test]
    fn no_reader_and_no_card_are_told_apart() {
        let world = FakeWorld::new();
        let mut service = world.service().unwrap();
        assert_eq!(
            read_from(&mut service, None).unwrap_err(),
            Problem::NoReader
        );
        world.add_reader("Reader A");
        assert_eq!(read_from(&mut service, None).unwrap_err(), Problem::NoCard);
        assert_eq!(
            read_from(&mut service, Some("Reader A")).unwrap_err(),
            Problem::NoCard
        );
    }

    #[test]
    fn the_nhi_card_is_found_behind_a_bank_card() {
        let world = FakeWorld::new();
        world.add_reader("Reader A");
        world.add_reader("Reader B");
        world.insert_card("Reader A", bank_card());
        world.insert_card("Reader B", nhi_card());
        let mut service = world.service().unwrap();
        let reading = read_from(&mut service, None).unwrap();
        assert_eq!(reading.reader, "Reader B");
        assert_eq!(reading.profile.name, "SMITH JOHN");
        assert_eq!(
            read_from(&mut service, Some("reader a")).unwrap_err(),
            Problem::NotNhiCard
        );
    }

    #[test]
    fn reader_names_match_exactly_or_by_a_unique_part() {
        let world = FakeWorld::new();
        world.add_reader("Virtual PCD 00 00");
        world.add_reader("Virtual PCD 00 01");
        world.insert_card("Virtual PCD 00 01", nhi_card());
        let mut service = world.service().unwrap();
        assert!(read_from(&mut service, Some("00 01")).is_ok());
        assert_eq!(
            read_from(&mut service, Some("Virtual")).unwrap_err(),
            Problem::UnknownReader {
                name: "Virtual".into()
            }
        );
        assert_eq!(
            read_from(&mut service, Some("Nope")).unwrap_err(),
            Problem::UnknownReader {
                name: "Nope".into()
            }
        );
    }

    #[test]
    fn reader_failures_become_problems() {
        let world = FakeWorld::new();
        world.add_reader("R");
        world.insert_card("R", nhi_card());
        let mut service = world.service().unwrap();
        world.fail_next(Call::Connect, ReaderError::SharingViolation);
        assert_eq!(
            read_from(&mut service, None).unwrap_err(),
            Problem::CardInUse
        );
        world.stop_service();
        assert_eq!(
            read_from(&mut service, None).unwrap_err(),
            Problem::SmartCardServiceNotRunning
        );
    }
}
