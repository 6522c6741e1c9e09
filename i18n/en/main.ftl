# NHI Card Companion — English.
# Every message here must also exist in ../zh-TW/main.ftl (a test checks both directions).
# Wording follows the NHI Administration's official bilingual guide where it has one.

app-name = NHI Card Companion
app-subtitle = Health Insurance Card Network Service Registration System

## Problems: one message per cause. `.title` says what happened, `.hint` what to do.

problem-service-not-running = The smart card service is not running
    .hint-linux = Make sure pcscd is installed and running (sudo apt install pcscd, then sudo systemctl start pcscd.socket), then try again.
    .hint-windows = Make sure the Windows "Smart Card" service (SCardSvr) is running: open Services, start "Smart Card", then try again.
    .hint-macos = Unplug the card reader and plug it in again. If that does not help, restart the computer.
problem-no-reader = No card reader found
    .hint = Plug the card reader into a USB port and wait a few seconds. If it still does not appear, try another USB port.
problem-unknown-reader = The card reader “{ $name }” is not connected
    .hint = Plug that card reader in, or choose another one (the command "nhi-companion readers" lists them).
problem-no-card = No card in the reader
    .hint = Insert your NHI card into the reader, chip first and facing up.
problem-card-removed = The card was removed
    .hint = Insert your NHI card again and keep it in the reader until you are done.
problem-not-nhi-card = This is not an NHI card
    .hint = This card (for example a bank card or a Citizen Digital Certificate) cannot be used here. Insert your NHI card (健保卡).
problem-health-professional-card = This is a health professional card
    .hint = Health professional cards cannot be used for device authentication. Insert your own NHI card (健保卡).
problem-card-unreadable = The card data could not be read
    .hint = Take the card out, wipe the chip gently, and insert it again. If this keeps happening, the card may be damaged: contact the NHI hotline 0800-030-598.
problem-card-in-use = Another program is using the card
    .hint = Close other card programs (for example the NHI card component or a tax filing program), then take the card out and insert it again.
problem-card-unresponsive = The card does not respond
    .hint = Take the card out and insert it again, chip first and facing up. Make sure it is pushed all the way in.
problem-reader-failed = The card reader reported an error ({ $code })
    .hint = Unplug the card reader, plug it in again, and insert the card again.
problem-wrong-password = Wrong registration password
    .hint = { $attempts_left ->
        [one] Only one try left before the account is locked: if you are not sure of the password, choose "Forgot registration password" instead.
       *[other] Check the registration password and try again. { $attempts_left } attempts left before the account is locked.
    }
problem-account-locked = Too many wrong passwords: the account is locked
    .hint = Try again after { $until } (in about { $minutes } minutes), or use "Forgot registration password".
problem-not-registered = This card is not registered yet
    .hint = Choose "First time user, please apply first" to set a registration password and verify your e-mail.
problem-card-auth-failed = The card could not be verified
    .hint = Take the card out and insert it again, then sign in again. If this keeps happening, contact the NHI hotline 0800-030-598.
problem-challenge-expired = Signing in took too long
    .hint = Sign in again, and keep the card in the reader until it is done.
problem-already-registered = This card is already registered
    .hint = Sign in with your registration password, or choose "Forgot registration password".
problem-id-mismatch = The ID number does not match this card's registration
    .hint = Make sure this is your own NHI card. If it is, contact the NHI hotline 0800-030-598.
problem-weak-password = The registration password does not follow the rules
    .hint = Use 6 to 12 characters.
problem-invalid-link = The e-mail verification code or password reset code is wrong, already used or expired
    .hint = Check that it is exactly the code in the mail, or ask for a new e-mail: "Resend verification mail" or "Forgot registration password".
problem-session-expired = You were signed out because the session expired
    .hint = Sign in again with your registration password.
problem-email-not-verified = Your e-mail address is not verified yet
    .hint = Open the verification mail and enter its e-mail verification code, or choose "Resend verification mail".
problem-code-expired = The device authentication code has expired
    .hint = Codes are valid for 15 minutes. Choose "Generate device code" to get a new one.
problem-code-redeemed = This device authentication code has already been used
    .hint = Choose "Generate device code" to get a new one for another phone.
problem-code-unknown = The registration service does not know this device authentication code
    .hint = Choose "Generate device code" to get a new one.
problem-rate-limited = Too many requests
    .hint = Please wait { $seconds } seconds and try again.
problem-network-down = Cannot reach the registration service
    .hint = Check the internet connection, then try again.
problem-local-service-not-running = The registration service on this computer is not running
    .hint = The service address points to this computer, and nothing answers there. Start the practice service (nhi-companion reference-service), or enter the right address in Settings.
problem-service-timeout = The registration service did not answer in time
    .hint = Try again in a moment. If the connection is slow, wait a little longer.
problem-service-unavailable = The registration service is temporarily unavailable
    .hint = Try again in a few minutes.
problem-malformed-reply = The registration service sent an answer this app does not understand
    .hint = Try again later. If it keeps happening, update the app.
problem-tls-failure = The secure connection to the registration service failed
    .hint = Check that the computer's date and time are correct, then try again.
problem-untrusted-certificate = The registration service's certificate is not trusted
    .hint = Check the service address in Settings. On a company or school network a security program may be checking connections: ask its administrator.
problem-insecure-service-url = The service address is not secure
    .hint = Use an https:// address. Plain http:// is only allowed for this computer (the demo service).
problem-invalid-service-url = The service address is not valid
    .hint = Check the address in Settings; it looks like https://example.org
problem-invalid-request = The registration service refused the request
    .hint = Check what you entered and try again.

## What answers at the service address (issue 9)

problem-not-registration-service = This address is not a registration service
    .hint = Check the service address in Settings (it looks like https://example.org). If you did not change it, the network may be showing its own page instead (a hotel or office Wi-Fi sign-in): open a web browser, sign in to the network, then try again.
problem-service-internal-error = The registration service ran into an internal error
    .hint = Nothing you did caused this. Try again in a few minutes; if it keeps happening, call the NHI hotline.

## Help

help-hotline = NHI hotline: 0800-030-598, or (02)4128-678 from a mobile phone

## Desktop app: shared

ui-settings = Settings
ui-back = Back
ui-retry = Try again
ui-language-chinese = 中文
ui-language-english = English
ui-language-both = 雙語 Both
ui-demo-badge = Demo mode: a fictional card and a local practice service
ui-demo-offer = Try the demo
ui-demo-password = The demo card's registration password is { $password }
ui-demo-remove = Take out the demo card
ui-mailbox-open = Open the demo mailbox
mailbox-title = Demo mailbox
mailbox-loading = Opening the mailbox…
mailbox-empty = No mail yet.
mailbox-close = Close the mailbox
ui-privacy = Your personal data disappears from the screen as soon as the card is taken out.

## Waiting for a reader or a card

waiting-title = Please insert your NHI card
no-reader-title = Please plug in the card reader
reading-title = Reading your NHI card…
reading-hint = Please keep the card in the reader.

## Card ready: sign in

card-ready-greeting = Hello,
card-ready-id = ID number
card-ready-instruction = Enter your registration password, then press "Sign in" (or the Enter key).
card-ready-password = Registration password
card-ready-sign-in = Sign in
card-ready-signing-in = Signing in…
card-ready-first-time = First time user, please apply first
card-ready-forgot = Forgot registration password
card-ready-email-verified = Your e-mail address is verified. Sign in now with your registration password.
card-ready-password-changed = Your registration password has been changed. Sign in with the new one.

## First-time application, e-mail verification, password reset

apply-title = First time user: apply
apply-intro = Choose a registration password and give your e-mail address. A verification mail is then sent to you.
apply-password = Registration password (6–12 characters)
apply-password-again = Registration password again
apply-email = E-mail address
apply-submit = Apply
verify-title = Email Verification
verify-sent = Open the verification mail, enter its e-mail verification code below and press "Complete the verification".
verify-resend = Resend verification mail
verify-done = Back to sign in
verify-code = E-mail verification code (in the verification mail)
verify-submit = Complete the verification
reset-title = Forgot registration password
reset-intro = A password reset mail goes to the e-mail address you applied with; it holds a password reset code.
reset-submit = Send the password reset mail
reset-code = Password reset code (in the password reset mail)
reset-new-password = New registration password (6–12 characters)
reset-set-password = Set the new password

## Signed in

signed-in-title = You are signed in
signed-in-hint = Press "Generate device code": the QR code and the device authentication code appear.
code-generate = Generate device code
code-generating = Generating the device authentication code…
devices-open = Authenticated devices
sign-out = Sign out

## The device authentication code

code-title = Mobile device authentication
code-label = Device authentication code
code-remaining = Time left: { $time }
code-valid-until = Valid until { $when }
code-validity-note = The code is valid for 15 minutes. After that, generate a new one.
code-copy = Copy the code
code-copied = Copied
code-save-qr = Save the QR as a picture
code-saved = Saved the picture as { $path }
code-save-failed = The picture could not be saved: { $error }
code-new = Generate a new code
phone-steps-title = On your phone
phone-step-1 = Open the 健保快易通 app and choose 健康存摺.
phone-step-2 = Scan the QR code, or type the device authentication code.
phone-step-3 = Enter your ID number and your registration password, then sign in.
code-verified-title = Your phone is authenticated
code-verified-hint = You can now use 健康存摺 on your phone. When you are done, sign out and take out your NHI card.
code-another = Authenticate another phone

## Authenticated devices

devices-title = Authenticated devices
devices-hint = If a phone is lost, revoke it here.
devices-empty = No phone is authenticated yet.
devices-loading = Loading…
devices-revoke = Revoke…
devices-since = Authenticated { $when }

## Settings

settings-title = Settings
settings-language = Language
settings-service = Registration service
settings-readers = Card readers
settings-no-readers = No card reader found
settings-close = Done
settings-service-apply = Use this address
settings-service-demo = The demo uses its own practice service on this computer.
settings-reader-any = Any reader

## Diagnostics

diag-open = Diagnostics
diag-run = Run diagnostics
diag-title = Diagnostics
diag-intro = What this computer sees: the card service, the card readers and the registration service. Nothing personal is read or shown.
diag-checking = Checking…
diag-ok = ✓ OK
diag-problem = ⚠ Problem
diag-info = • Note
diag-section-app = This app and computer
diag-section-smart-card = Smart-card service
diag-section-readers = Card readers
diag-section-service = Registration service
diag-app-version = NHI Card Companion { $version }
diag-system = System: { $os } ({ $arch })
diag-machine-missing = Machine-wide configuration: none ({ $path }); kiosk mode only with --kiosk
diag-machine-read = Machine-wide configuration: { $path }; kiosk mode { $kiosk ->
    [on] on
   *[off] off
}
diag-machine-ignored = Unusable values, left at their defaults: { $keys }
diag-machine-broken = Machine-wide configuration { $path } is not valid TOML: kiosk mode is on, with the defaults. Correct the file.
diag-machine-unreadable = Machine-wide configuration { $path } cannot be read: kiosk mode is on, with the defaults. Check the file's permissions.
diag-sc-running = Smart-card service: running
diag-sc-not-running = Smart-card service: NOT running
diag-sc-failed = Smart-card service: error ({ $code })
diag-readers-count = Readers: { $count }
diag-slot-empty = no card
diag-slot-present = card present
diag-slot-in-use = card present, in use by another program
diag-slot-mute = card present but not answering (inserted the wrong way?)
diag-slot-unavailable = unavailable
diag-slot-unknown = unknown state
diag-guess-possibly-nhi = ATR listed for NHI cards
diag-guess-no-atr = no ATR
diag-guess-malformed = not an ISO 7816 ATR
diag-select = NHI SELECT → { $sw }
diag-select-nhi = an NHI card answered
diag-select-not-nhi = this card does not answer as an NHI card
diag-select-professional = it answers like an NHI card, but its ATR is a health professional card's: use your own NHI card
diag-service-url = Address: { $url }
diag-service-reachable = Reachable: median round trip { $ms } ms ({ $samples } tries)
diag-service-unreachable = Not reachable
diag-service-answer = Answer: { $service }, protocol { $protocol }
diag-tls-loopback = Not encrypted: plain HTTP, allowed only to this computer (loopback)
diag-tls-ok = Encrypted: { $version } ({ $cipher }), certificate trusted
diag-tls-failed = Secure connection failed: { $cause }
diag-tls-not-checked = Secure connection: not checked (no connection)
diag-tls-cause-expired = the certificate has expired (or this computer's date is wrong)
diag-tls-cause-not-yet-valid = the certificate is not valid yet (this computer's date may be wrong)
diag-tls-cause-unknown-issuer = the certificate is from an issuer this computer does not trust
diag-tls-cause-name-mismatch = the certificate is for another address
diag-tls-cause-revoked = the certificate was revoked
diag-tls-cause-other = { $detail }
diag-what-to-do = What to do:
diag-privacy = Nothing personal is in this report; it is safe to share with support.
diag-hotlines = Still not working? Call the NHI Administration:
diag-hotline-it = IT help line (資訊技術諮詢專線): (07)231-8122
diag-copy = Copy report
diag-copied = The report is on the clipboard.
diag-save = Save report
diag-saved = The report was saved to { $path }
diag-save-failed = The report could not be saved: { $reason }
diag-again = Check again
diag-close = Close

## Kiosk

kiosk-reset-warning = This screen will reset in { $seconds } s
kiosk-keep-going = Keep going
kiosk-take-card-title = Please take your NHI card
kiosk-take-card-hint = Take your card out of the reader; the next person can then insert theirs.
kiosk-admin-title = Administrator
kiosk-admin-pin = Enter the administrator PIN
kiosk-admin-unlock = Unlock
kiosk-admin-wrong = Wrong PIN. { $tries ->
    [one] One more try before a pause.
   *[other] { $tries } more tries before a pause.
}
kiosk-admin-cooldown = Too many wrong PINs. Try again in { $seconds } s.
kiosk-admin-no-pin = No administrator PIN is configured on this computer, so settings cannot be opened here. An administrator can set one: run "nhi-companion kiosk-pin" and put its line into the machine-wide config.toml.
kiosk-admin-unlocked = Administrator mode. Changes last until the app restarts; to keep them, edit the machine-wide config.toml.
kiosk-admin-lock = Lock again
kiosk-admin-exit = Exit the app

## Accessibility

a11y-text-size = Text size
a11y-text-size-keys = Or press Ctrl + to enlarge, Ctrl − to shrink, Ctrl 0 for 100 %.
a11y-contrast = Contrast
a11y-contrast-normal = Normal
a11y-contrast-high = High contrast
a11y-theme = Light or dark
a11y-theme-system = As the system
a11y-theme-light = Light
a11y-theme-dark = Dark
a11y-why-sign-in = Type your registration password first.
a11y-code-hurry = Less than 2 minutes left: scan it now, or generate a new code.

## Form checks, account steps, demo cards, authenticated phones (issue 14)

form-password-length = The registration password must have 6 to 12 characters (now { $count }).
form-password-empty = Type a registration password.
form-password-again = The two passwords are not the same. Please type them again.
form-email-empty = Type your e-mail address.
form-email-shape = This does not look like an e-mail address; it should look like name@example.com.
form-code-empty = Type the code from the mail.
form-caps-lock = Caps Lock is on: the password is being typed in capitals.
verify-sent-to = The verification mail was sent to { $email }.
verify-sent-unknown = The verification mail was sent to the e-mail address you applied with.
verify-resent-to = The verification mail was sent again to { $email }.
reset-sent-to = The password reset mail was sent to { $email }. Open it and enter its password reset code and a new registration password below.
reset-send-again = Send the password reset mail again
code-not-typed = The space is only there to make it easier to read: do not type it.
code-verified-device = Authenticated: { $device }
code-verified-sign-out = Sign out
demo-insert-registered = Insert 王小明's card
demo-insert-new = Insert a new card
demo-password-chosen = You chose this demo card's registration password: sign in with it.
demo-not-registered = This demo card is not registered yet: choose "First time user, please apply first" to practise the application.
mailbox-code = The code in this mail
mailbox-copy = Copy the code
mailbox-use = Use this code
mailbox-copied = Copied
devices-revoke-confirm = Revoke the authentication of "{ $device }"? That phone will have to be authenticated again to use 健康存摺.
devices-revoke-yes = Yes, revoke it
devices-revoke-no = Keep it
devices-revoked = The authentication of "{ $device }" was revoked.
waiting-signed-out = The card was taken out: you are signed out and your data is cleared from the screen.
waiting-card-out = The card was taken out and its data cleared from the screen.

## Citizen Digital Certificate (自然人憑證) sign-in problems (issue 13)

problem-cert-module-missing = The Citizen Digital Certificate card software is not installed
    .hint = Install the "HiCOS PKI Smart Card" client from the MOICA website (moica.nat.gov.tw), then press "Try again". Or sign in with your NHI card and registration password.
problem-cert-module-unusable = The Citizen Digital Certificate card software cannot be used
    .hint = Install the HiCOS PKI Smart Card client again (the version for this computer) from moica.nat.gov.tw, then start this app again.
problem-cert-no-card = No Citizen Digital Certificate in the reader
    .hint = Insert your Citizen Digital Certificate into the card reader, chip first and facing up.
problem-cert-card-removed = The Citizen Digital Certificate was taken out
    .hint = Insert the card again and keep it in the reader until you are signed in.
problem-cert-no-certificate = This card holds no certificate for signing in
    .hint = Make sure this is your Citizen Digital Certificate. If it is, its certificate may have been revoked: ask the MOICA hotline 0800-080-117.
problem-cert-no-signing-key = The card's signing key could not be found
    .hint = Take the card out and insert it again. If this keeps happening, ask the MOICA hotline 0800-080-117.
problem-cert-unsupported-key = This certificate's key cannot be used for signing in
    .hint = Use a current Citizen Digital Certificate; older cards with short keys must be replaced at a household registration office.
problem-cert-pin-incorrect = Wrong PIN
    .hint = Check the card's PIN and type it again. After too many wrong PINs in a row the card locks; if you are not sure of it, stop and find it first.
problem-cert-pin-final-try = Wrong PIN: one try left
    .hint = If the next PIN is wrong too, the card locks. If you are not sure of the PIN, stop here and find it first; a locked card must be unlocked on the MOICA website or at a household registration office.
problem-cert-pin-locked = The card's PIN is locked
    .hint = Too many wrong PINs. Unlock it with the PIN unlock service (鎖卡解碼) on moica.nat.gov.tw, or at a household registration office. This app will not try the PIN again.
problem-cert-pin-format = The PIN must be { $min } to { $max } characters
    .hint = Type the card's PIN again; nothing was sent to the card, so no try was used.
problem-cert-token-failed = The card software reported an error
    .hint = Take the card out, insert it again and try once more. If it keeps happening, tell support this code: { $code }.
problem-cert-signature-invalid = The service did not accept the card's signature
    .hint = Try again. If it keeps happening, the card may be faulty: ask the MOICA hotline 0800-080-117.
problem-cert-unknown-ca = The service does not accept certificates from this issuer
    .hint = Sign in with a Citizen Digital Certificate issued by MOICA, or with your NHI card and registration password.
problem-cert-expired = The certificate on this card has expired
    .hint = Renew the certificate at a household registration office or on moica.nat.gov.tw. If it should still be valid, check this computer's date and time.
problem-cert-not-yet-valid = The certificate on this card is not valid yet
    .hint = Check this computer's date and time. A newly issued certificate may only become valid later today.
problem-cert-wrong-key-usage = This certificate is not for signing in
    .hint = The card's certificate is not a signing certificate. Make sure this is your Citizen Digital Certificate.
problem-cert-bound-elsewhere = This certificate belongs to someone else's registration
    .hint = Check the ID number you typed, and that the card in the reader is your own.
problem-cert-unsupported = The service cannot read this card's certificate
    .hint = Sign in with your NHI card and registration password instead, and tell support about it.
problem-cert-id-not-registered = No registration for this ID number
    .hint = Check the ID number you typed. If you have never used the NHI online services, apply first with your NHI card.
problem-cert-challenge-expired = Signing in with the certificate took too long
    .hint = Sign in again, and keep the card in the reader until it is done.
problem-cert-sign-in-unavailable = This service does not offer sign-in with the Citizen Digital Certificate
    .hint = Sign in with your NHI card and registration password instead.

## Renderer (diagnostics)

diag-renderer = Drawing: { $renderer ->
    [gpu] with the graphics processor (wgpu)
   *[software] in software (tiny-skia)
}
diag-renderer-why = { $source ->
    [command-line] Set with --renderer { $choice }
    [machine-config] Set in the machine-wide configuration (renderer = "{ $choice }")
    [settings] Set in the settings (renderer = "{ $choice }")
   *[default] Chosen automatically
}: { $reason }.
diag-renderer-fell-back = The graphics processor could not be used, so the window is drawn in software. Update the graphics driver, or set renderer = "software" to skip trying.
renderer-reason-asked = as asked
renderer-reason-environment = ICED_BACKEND={ $detail } is set in the environment
renderer-reason-software-forced = { $detail } makes the graphics drivers draw in software
renderer-reason-remote = this is a remote session ({ $detail }): a graphics processor, if any, is on the other computer
renderer-reason-no-gpu-device = no graphics processor was found (no /dev/dri render node): software drawing is far lighter than emulating one
renderer-reason-no-gpu-adapter = the display adapter ({ $detail }) has no 3D engine of its own (a virtual machine or a basic display driver): software drawing is far lighter than emulating one
renderer-reason-gpu-found = a graphics processor was found ({ $detail })
renderer-reason-metal = Macs draw with Metal
renderer-reason-unknown = nothing says otherwise; software drawing takes over if the graphics processor cannot start
## The card during sign-in, and cards that are not the NHI card

problem-card-session-lost = The card check keeps being interrupted
    .hint = Something keeps resetting the card or cutting its power while it is being checked: another card program, or a loose card or reader. Close other card programs (for example the NHI card component), take the card out, insert it firmly, and try again.
problem-citizen-digital-certificate = This is your Citizen Digital Certificate (自然人憑證)
    .hint = It signs in through its card software (HiCOS): in the app, choose it with its PIN. Or take it out and insert your NHI card (健保卡).
diag-guess-health-professional = ATR listed for the health professional card
diag-guess-citizen-digital-certificate = ATR listed for the Citizen Digital Certificate (自然人憑證)

## 以自然人憑證登入（畫面）: signing in with the Citizen Digital Certificate
cert-title = Sign in with your Citizen Digital Certificate
cert-card = Card: { $label }
cert-holder = Certificate of
cert-id-number = ID number
cert-id-hint = The service checks it against your registration.
cert-pin = Citizen Digital Certificate PIN
cert-instruction = Type your ID number and the card's PIN, then press "Sign in" (or Enter).
cert-sign-in = Sign in
cert-signing-in = Signing in with your certificate… keep the card in the reader.
cert-pin-count-low = A wrong PIN was entered on this card before. Too many in a row lock it.
cert-pin-final-try = Careful: one try left. If you are not sure of the PIN, stop and find it first.
cert-pin-only-to-card = The PIN goes only to the card; this app keeps nothing.
a11y-why-cert-id = Type your ID number first (10 characters, such as A123456789)
a11y-why-cert-pin = The PIN has { $min } to { $max } characters
waiting-opening-token = Reading your Citizen Digital Certificate…
waiting-cert-signed-out = The Citizen Digital Certificate was taken out: you are signed out, and your details were cleared from the screen.
waiting-cert-out = The Citizen Digital Certificate was taken out; your details were cleared from the screen.
waiting-either-card = Or insert your Citizen Digital Certificate (自然人憑證) and sign in with its PIN.
demo-insert-certificate = Insert the practice certificate
ui-demo-pin = Practice PIN: { $pin } · ID number: { $id }
## The Citizen Digital Certificate's card software and card (diagnostics)

diag-section-token = Citizen Digital Certificate (自然人憑證)
diag-token-source = { $source ->
    [command-line] named by --pkcs11-module
    [machine-file] named by pkcs11_module in the machine-wide file
    [settings] named by pkcs11_module in the settings
   *[usual] HiCOS's usual install locations
}
diag-token-module-loaded = Card software: loaded { $path } ({ $source }): { $description }, { $manufacturer }, version { $library }, PKCS#11 { $cryptoki }
diag-token-module-missing = Card software: not installed ({ $source }; looked in { $places }). Only needed to sign in with the Citizen Digital Certificate: install the "HiCOS PKI Smart Card" client from moica.nat.gov.tw.
diag-token-module-unusable = Card software { $path } ({ $source }) cannot be used: { $detail }
diag-token-module-software = Practice Citizen Digital Certificate: built into this app, no card software needed
diag-token-slots = Card slots: { $count }
diag-token-slot = Slot { $slot } ({ $description }): { $label } ({ $manufacturer }, { $model }); { $pin }
diag-token-slot-empty = Slot { $slot } ({ $description }): no card
diag-token-slot-unreadable = Slot { $slot } ({ $description }): the card cannot be read ({ $detail })
diag-token-pin-ok = PIN usable
diag-token-pin-count-low = a wrong PIN was entered before; too many in a row lock the card
diag-token-pin-final-try = one PIN try left
diag-token-pin-locked = PIN locked: unlock it with the HiCOS card tool (HiCOS 卡片管理工具) from moica.nat.gov.tw, or at a household registration office
