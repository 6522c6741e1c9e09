//! Device codes and the authenticated phones, and the reference service's extras (the demo
//! outbox; fault injection for tests).

use super::*;

impl RegistrationClient {
    // --- device codes and devices -----------------------------------------------------------

    /// A new device authentication code, with its countdown deadline.
    pub async fn create_device_code(&self, session: &Session) -> Result<DeviceCode, ServiceError> {
        let sent = Instant::now();
        let reply: DeviceCodeResponse = self
            .json(
                Method::POST,
                routes::CREATE_CODE,
                "/device-codes",
                Some(session),
                None::<&()>,
            )
            .await?;
        // Checked: the code's shape, the payload carries it, 1 ≤ ttl ≤ 3600 s.
        Ok(DeviceCode {
            deadline: deadline(sent, reply.ttl_seconds, "ttl_seconds")?,
            ttl: Duration::from_secs(reply.ttl_seconds),
            code: reply.code,
            qr_payload: reply.qr_payload,
            expires_at: reply.expires_at,
        })
    }

    pub async fn device_code_status(
        &self,
        session: &Session,
        code: &str,
    ) -> Result<DeviceCodeStatus, ServiceError> {
        let path = format!("/device-codes/{}", path_segment(code)?);
        let reply: DeviceCodeStatusResponse = self
            .get_json(routes::CODE_STATUS, &path, Some(session))
            .await?;
        if !reply.code.eq_ignore_ascii_case(code) {
            return Err(ServiceError::MalformedReply {
                status: Some(200),
                detail: "the status is for another code".into(),
            });
        }
        match (reply.status, reply.device) {
            (DeviceCodeState::Pending, _) => Ok(DeviceCodeStatus::Pending),
            (DeviceCodeState::Expired, _) => Ok(DeviceCodeStatus::Expired),
            (DeviceCodeState::Redeemed, Some(device)) => Ok(DeviceCodeStatus::Redeemed(device)),
            (DeviceCodeState::Redeemed, None) => Err(ServiceError::MalformedReply {
                status: Some(200),
                detail: "redeemed code without its device".into(),
            }),
        }
    }

    /// The phone's side: redeem a code (the demo and the tests play the phone).
    pub async fn redeem_device_code(
        &self,
        code: &str,
        device_name: &str,
        platform: &str,
    ) -> Result<DeviceInfo, ServiceError> {
        let path = format!("/device-codes/{}/redeem", path_segment(code)?);
        let body = RedeemRequest {
            device_name: device_name.to_owned(),
            platform: platform.to_owned(),
        };
        let reply: RedeemResponse = self
            .json(Method::POST, routes::REDEEM, &path, None, Some(&body))
            .await?;
        Ok(reply.device)
    }

    pub async fn list_devices(&self, session: &Session) -> Result<Vec<DeviceInfo>, ServiceError> {
        let reply: DeviceListResponse = self
            .get_json(routes::DEVICES, "/devices", Some(session))
            .await?;
        Ok(reply.devices)
    }

    /// Revokes a device (lost phone). Idempotent: revoking a revoked device succeeds.
    pub async fn revoke_device(
        &self,
        session: &Session,
        device_id: &str,
    ) -> Result<(), ServiceError> {
        let path = format!("/devices/{}", path_segment(device_id)?);
        self.no_content(
            Method::DELETE,
            routes::DEVICE,
            &path,
            Some(session),
            None::<&()>,
            Idempotent::Yes,
        )
        .await
    }

    // --- reference service extras -----------------------------------------------------------

    /// The reference service's demo outbox (verification and reset mails).
    pub async fn demo_outbox(&self) -> Result<Vec<OutboxMessage>, ServiceError> {
        let reply: OutboxResponse = self.get_json(routes::OUTBOX, "/demo/outbox", None).await?;
        Ok(reply.messages)
    }

    /// Arms a fault in a reference service started with `--enable-faults`. Tests only: not in
    /// a build without the `test-support` feature (the release app has no fault hooks).
    #[cfg(feature = "test-support")]
    pub async fn inject_fault(&self, fault: &FaultRequest) -> Result<(), ServiceError> {
        self.no_content(
            Method::POST,
            routes::FAULTS,
            "/_faults",
            None,
            Some(fault),
            Idempotent::No,
        )
        .await
    }

    /// Disarms every pending fault. Tests only, like [`Self::inject_fault`].
    #[cfg(feature = "test-support")]
    pub async fn clear_faults(&self) -> Result<(), ServiceError> {
        self.no_content(
            Method::DELETE,
            routes::FAULTS,
            "/_faults",
            None,
            None::<&()>,
            Idempotent::Yes,
        )
        .await
    }
}
