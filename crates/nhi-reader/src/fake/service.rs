//! One context on the fake world, and its card connections: the PC/SC calls as the fake
//! answers them.

use super::*;

/// One context on a [`FakeWorld`].
pub struct ScriptedService {
    pub(super) world: FakeWorld,
    pub(super) epoch: u64,
    pub(super) cancels: Arc<AtomicU64>,
}

impl SmartCardService for ScriptedService {
    fn list_readers(&mut self) -> Result<Vec<String>, ReaderError> {
        let mut w = self.world.lock();
        w.enter(Call::ListReaders, Some(self.epoch))?;
        Ok(w.readers.iter().map(|r| r.name.clone()).collect())
    }

    fn wait_for_change(
        &mut self,
        watch: &mut [ReaderWatch],
        timeout: Duration,
    ) -> Result<WaitOutcome, ReaderError> {
        let deadline = Instant::now() + timeout;
        let mut w = self.world.lock();
        w.enter(Call::WaitForChange, Some(self.epoch))?;
        let cancels_at_start = self.cancels.load(Ordering::SeqCst);
        let epoch = self.epoch;
        crate::simulated::wait_for_change(
            w,
            &self.world.0.changed,
            watch,
            deadline,
            |w| w.alive(Some(epoch)),
            |w, reader| w.observe(reader),
            || self.cancels.load(Ordering::SeqCst) != cancels_at_start,
        )
    }

    fn connect(&mut self, reader: &str) -> Result<Box<dyn CardConnection>, ReaderError> {
        let mut w = self.world.lock();
        w.enter(Call::Connect, Some(self.epoch))?;
        let r = w.reader(reader).ok_or_else(|| ReaderError::UnknownReader {
            name: reader.to_owned(),
        })?;
        let card = r.card.as_ref().ok_or(ReaderError::NoCard)?;
        if card.card.mute {
            return Err(ReaderError::UnresponsiveCard);
        }
        if r.exclusive_by_other {
            return Err(ReaderError::SharingViolation);
        }
        let conn = FakeConnection {
            world: self.world.clone(),
            epoch: self.epoch,
            reader: reader.to_owned(),
            card_id: card.id,
            resets: card.resets,
            atr: card.card.atr.clone(),
            open: true,
        };
        w.open_connections += 1;
        Ok(Box::new(conn))
    }

    fn canceller(&self) -> Canceller {
        let world = self.world.clone();
        let cancels = Arc::clone(&self.cancels);
        Canceller::new(move || {
            // Under the lock, so a waiter between its check and its sleep cannot miss it.
            let _w = world.lock();
            cancels.fetch_add(1, Ordering::SeqCst);
            world.0.changed.notify_all();
        })
    }

    fn supports_pnp(&self) -> bool {
        self.world.lock().pnp_supported
    }
}

struct FakeConnection {
    world: FakeWorld,
    epoch: u64,
    reader: String,
    card_id: u64,
    resets: u32,
    atr: Vec<u8>,
    open: bool,
}

impl FakeConnection {
    fn close(&mut self) {
        if std::mem::take(&mut self.open) {
            self.world.lock().open_connections -= 1;
        }
    }
}

impl CardConnection for FakeConnection {
    fn atr(&self) -> &[u8] {
        &self.atr
    }

    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ReaderError> {
        let mut w = self.world.lock();
        w.enter(Call::Transmit, Some(self.epoch))?;
        w.transmitted.push((self.reader.clone(), command.to_vec()));
        let reader = self.reader.clone();
        let Some(inserted) = w
            .readers
            .iter_mut()
            .find(|r| r.name == reader)
            .and_then(|r| r.card.as_mut())
            .filter(|c| c.id == self.card_id)
        else {
            return Err(ReaderError::CardRemoved);
        };
        if inserted.resets != self.resets {
            return Err(ReaderError::CardReset);
        }
        Ok(inserted.card.respond(command))
    }

    fn disconnect(mut self: Box<Self>) -> Result<(), ReaderError> {
        let result = self.world.lock().enter(Call::Disconnect, Some(self.epoch));
        self.close();
        result
    }
}

impl Drop for FakeConnection {
    fn drop(&mut self) {
        self.close();
    }
}
