# 健保卡裝置認證小幫手 — 繁體中文。
# 這裡的每一則訊息也必須出現在 ../en/main.ftl（有測試雙向檢查）。
# 用語依照健保署官方中英對照說明。

app-name = 健保卡裝置認證小幫手
app-subtitle = 健保卡網路服務註冊系統

## 問題：每個原因一則訊息。`.title` 說發生什麼事，`.hint` 說該怎麼做。

problem-service-not-running = 智慧卡服務沒有執行
    .hint-linux = 請確認已安裝並啟動 pcscd（sudo apt install pcscd，再執行 sudo systemctl start pcscd.socket），然後再試一次。
    .hint-windows = 請確認 Windows 的「智慧卡」服務（SCardSvr）正在執行：開啟「服務」，啟動「智慧卡」，然後再試一次。
    .hint-macos = 請拔下讀卡機再重新插上。如果仍然不行，請重新開機。
problem-no-reader = 找不到讀卡機
    .hint = 請將讀卡機插入電腦的 USB 插槽，稍等幾秒鐘。如果還是沒有出現，請換一個 USB 插槽試試。
problem-unknown-reader = 讀卡機「{ $name }」沒有連接
    .hint = 請插上這台讀卡機，或改選另一台（指令 "nhi-companion readers" 會列出所有讀卡機）。
problem-no-card = 讀卡機裡沒有卡片
    .hint = 請將健保卡插入讀卡機，晶片朝上、晶片那一端先插入。
problem-card-removed = 健保卡已被取出
    .hint = 請重新插入健保卡，並在完成前不要取出。
problem-not-nhi-card = 這不是健保卡
    .hint = 這張卡片（例如金融卡或自然人憑證）不能在這裡使用。請插入您的健保卡。
problem-health-professional-card = 這是醫事人員卡
    .hint = 醫事人員卡不能用來進行裝置認證。請插入您本人的健保卡。
problem-card-unreadable = 無法讀取健保卡資料
    .hint = 請取出卡片，輕輕擦拭晶片後重新插入。如果一再發生，卡片可能已損壞，請洽健保諮詢服務專線 0800-030-598。
problem-card-in-use = 另一個程式正在使用健保卡
    .hint = 請關閉其他讀卡程式（例如健保卡元件或報稅程式），再取出健保卡重新插入。
problem-card-unresponsive = 健保卡沒有回應
    .hint = 請取出健保卡，晶片朝上、晶片那一端先插入，並確認已完全插到底。
problem-reader-failed = 讀卡機發生錯誤（{ $code }）
    .hint = 請拔下讀卡機再重新插上，然後重新插入健保卡。
problem-wrong-password = 註冊密碼錯誤
    .hint = { $attempts_left ->
        [1] 只剩最後 1 次，再錯帳號將被鎖定：若不確定密碼，請改點選「忘記註冊密碼」重新設定。
       *[other] 請確認註冊密碼後再試一次。再錯 { $attempts_left } 次帳號將被鎖定。
    }
problem-account-locked = 密碼錯誤次數過多，帳號已被鎖定
    .hint = 請在 { $until } 以後（約 { $minutes } 分鐘後）再試，或使用「忘記註冊密碼」。
problem-not-registered = 這張健保卡尚未註冊
    .hint = 請點選「首次登入請先申請」，設定註冊密碼並完成電子信箱認證。
problem-card-auth-failed = 無法驗證健保卡
    .hint = 請取出健保卡重新插入，再重新登入。如果一再發生，請洽健保諮詢服務專線 0800-030-598。
problem-challenge-expired = 登入時間過長
    .hint = 請重新登入，並在完成前不要取出健保卡。
problem-already-registered = 這張健保卡已經註冊過了
    .hint = 請用註冊密碼登入，或點選「忘記註冊密碼」。
problem-id-mismatch = 身分證號與這張健保卡的註冊資料不符
    .hint = 請確認這是您本人的健保卡。如果是，請洽健保諮詢服務專線 0800-030-598。
problem-weak-password = 註冊密碼不符合規則
    .hint = 請使用 6 到 12 個字元。
problem-invalid-link = 信箱認證碼或密碼重設碼錯誤、已使用或已逾期
    .hint = 請確認輸入的與信中完全相同；或重新寄送：點選「重寄認證信」或「忘記註冊密碼」。
problem-session-expired = 登入已逾時，請重新登入
    .hint = 請再輸入註冊密碼登入。
problem-email-not-verified = 電子信箱尚未認證
    .hint = 請開啟認證信，輸入信中的信箱認證碼，或點選「重寄認證信」。
problem-code-expired = 裝置認證碼已逾期
    .hint = 認證碼有效時間為15分鐘。請點選「產生裝置認證碼」重新產生。
problem-code-redeemed = 這組裝置認證碼已經使用過了
    .hint = 如要認證另一支手機，請點選「產生裝置認證碼」重新產生。
problem-code-unknown = 註冊系統找不到這組裝置認證碼
    .hint = 請點選「產生裝置認證碼」重新產生。
problem-rate-limited = 操作太頻繁
    .hint = 請等候 { $seconds } 秒後再試。
problem-network-down = 無法連線到註冊系統
    .hint = 請檢查網路連線後再試一次。
problem-local-service-not-running = 本機的註冊系統沒有執行
    .hint = 註冊系統網址指向這台電腦，但沒有回應。請啟動練習服務（nhi-companion reference-service），或在「設定」中輸入正確的網址。
problem-service-timeout = 註冊系統沒有及時回應
    .hint = 請稍候再試。如果網路較慢，請多等一下。
problem-service-unavailable = 註冊系統暫時無法使用
    .hint = 請過幾分鐘再試。
problem-malformed-reply = 註冊系統的回覆無法辨識
    .hint = 請稍後再試。如果一再發生，請更新本程式。
problem-tls-failure = 與註冊系統的安全連線失敗
    .hint = 請確認電腦的日期和時間正確，然後再試一次。
problem-untrusted-certificate = 註冊系統的憑證不受信任
    .hint = 請檢查「設定」中的註冊系統網址。若在公司或學校網路，可能是資安程式在檢查連線，請洽網路管理人員。
problem-insecure-service-url = 服務網址不安全
    .hint = 請使用 https:// 開頭的網址。http:// 只能用於本機（示範服務）。
problem-invalid-service-url = 服務網址格式不正確
    .hint = 請檢查「設定」中的網址，格式如 https://example.org
problem-invalid-request = 註冊系統拒絕了這個要求
    .hint = 請確認輸入的資料後再試一次。

## 服務網址另一端的回應（issue 9）

problem-not-registration-service = 這個網址不是註冊系統
    .hint = 請檢查「設定」中的服務網址（格式如 https://example.org）。如果您沒有改過，可能是網路顯示了它自己的網頁（例如旅館或公司 Wi-Fi 的登入頁面）：請先開啟瀏覽器登入網路，再試一次。
problem-service-internal-error = 註冊系統發生內部錯誤
    .hint = 這不是您的操作造成的。請過幾分鐘再試；如果一再發生，請撥打健保諮詢服務專線。

## 說明

help-hotline = 健保諮詢服務專線：0800-030-598，手機請改撥 (02)4128-678

## 桌面程式：共用

ui-settings = 設定
ui-back = 返回
ui-retry = 再試一次
ui-language-chinese = 中文
ui-language-english = English
ui-language-both = 雙語 Both
ui-demo-badge = 示範模式：使用虛構的健保卡及本機練習服務
ui-demo-offer = 試用示範模式
ui-demo-password = 示範卡的註冊密碼是 { $password }
ui-demo-remove = 取出示範卡
ui-mailbox-open = 開啟示範信箱
mailbox-title = 示範信箱
mailbox-loading = 正在開啟信箱…
mailbox-empty = 目前沒有信件。
mailbox-close = 關閉信箱
ui-privacy = 取出健保卡後，畫面上的個人資料會立即清除。

## 等候讀卡機或健保卡

waiting-title = 請插入健保卡
no-reader-title = 請接上讀卡機
reading-title = 正在讀取健保卡…
reading-hint = 請不要取出卡片。

## 健保卡已就緒：登入

card-ready-greeting = 您好，
card-ready-id = 身分證號
card-ready-instruction = 請輸入註冊密碼再按【登入】鈕（或按 Enter 鍵）。
card-ready-password = 註冊密碼
card-ready-sign-in = 登入
card-ready-signing-in = 登入中…
card-ready-first-time = 首次登入請先申請
card-ready-forgot = 忘記註冊密碼
card-ready-email-verified = 電子信箱認證完成，請輸入註冊密碼登入。
card-ready-password-changed = 註冊密碼已重新設定，請用新的註冊密碼登入。

## 首次申請、電子信箱認證、忘記密碼

apply-title = 首次登入請先申請
apply-intro = 請設定註冊密碼並填寫電子信箱，送出後系統會寄出認證信。
apply-password = 註冊密碼（6 至 12 個字元）
apply-password-again = 再輸入一次註冊密碼
apply-email = 電子信箱
apply-submit = 送出申請
verify-title = 電子信箱認證
verify-sent = 請開啟認證信，將信中的信箱認證碼輸入下方，再按【完成認證】鈕。
verify-resend = 重寄認證信
verify-done = 回到登入
verify-code = 信箱認證碼（在認證信中）
verify-submit = 完成認證
reset-title = 忘記註冊密碼
reset-intro = 系統會把密碼重設信寄到您申請時填寫的電子信箱，信中有密碼重設碼。
reset-submit = 寄出密碼重設信
reset-code = 密碼重設碼（在密碼重設信中）
reset-new-password = 新的註冊密碼（6 至 12 個字元）
reset-set-password = 設定新密碼

## 已登入

signed-in-title = 登入成功
signed-in-hint = 請點選【產生裝置認證碼】，畫面會顯示 QR-Code 及裝置認證碼。
code-generate = 產生裝置認證碼
code-generating = 正在產生裝置認證碼…
devices-open = 已認證的裝置
sign-out = 登出

## 裝置認證碼

code-title = 行動裝置認證
code-label = 裝置認證碼
code-remaining = 剩餘時間 { $time }
code-valid-until = 裝置認證碼有效時間至 { $when }
code-validity-note = 認證碼有效時間為15分鐘，逾期請重新產生。
code-copy = 複製認證碼
code-copied = 已複製
code-save-qr = 將 QR 碼存成圖片
code-saved = 圖片已存到 { $path }
code-save-failed = 無法儲存圖片：{ $error }
code-new = 重新產生裝置認證碼
phone-steps-title = 在手機上
phone-step-1 = 開啟「健保快易通」APP，點選「健康存摺」。
phone-step-2 = 讀取 QR-Code，或輸入裝置認證碼。
phone-step-3 = 輸入帳號（身分證號）及註冊密碼，點選「登入」。
code-verified-title = 手機已完成認證
code-verified-hint = 現在可以在手機上使用「健康存摺」。用完請登出，並取出健保卡。
code-another = 認證另一支手機

## 已認證的裝置

devices-title = 已認證的裝置
devices-hint = 手機遺失時，請在這裡取消它的認證。
devices-empty = 還沒有已認證的手機。
devices-loading = 讀取中…
devices-revoke = 取消認證…
devices-since = 認證時間 { $when }

## 設定

settings-title = 設定
settings-language = 語言
settings-service = 註冊系統網址
settings-readers = 讀卡機
settings-no-readers = 找不到讀卡機
settings-close = 完成
settings-service-apply = 使用此網址
settings-service-demo = 示範模式使用本機的練習服務。
settings-reader-any = 任一台讀卡機

## Diagnostics

diag-open = 診斷
diag-run = 執行診斷
diag-title = 診斷
diag-intro = 這台電腦看到的情形：智慧卡服務、讀卡機和註冊系統。不會讀取或顯示任何個人資料。
diag-checking = 檢查中…
diag-ok = ✓ 正常
diag-problem = ⚠ 有問題
diag-info = • 說明
diag-section-app = 本程式與電腦
diag-section-smart-card = 智慧卡服務
diag-section-readers = 讀卡機
diag-section-service = 註冊系統
diag-app-version = 健保卡裝置認證小幫手 { $version }
diag-system = 作業系統：{ $os }（{ $arch }）
diag-machine-missing = 全機設定檔：無（{ $path }）；只有加上 --kiosk 才是服務台模式
diag-machine-read = 全機設定檔：{ $path }；服務台模式{ $kiosk ->
    [on] 開啟
   *[off] 關閉
}
diag-machine-ignored = 無法使用而改用預設值的設定：{ $keys }
diag-machine-broken = 全機設定檔 { $path } 不是有效的 TOML：已以預設值開啟服務台模式。請修正此檔案。
diag-machine-unreadable = 無法讀取全機設定檔 { $path }：已以預設值開啟服務台模式。請檢查檔案權限。
diag-sc-running = 智慧卡服務：執行中
diag-sc-not-running = 智慧卡服務：沒有執行
diag-sc-failed = 智慧卡服務：錯誤（{ $code }）
diag-readers-count = 讀卡機：{ $count } 台
diag-slot-empty = 沒有卡片
diag-slot-present = 有卡片
diag-slot-in-use = 有卡片，另一個程式正在使用
diag-slot-mute = 有卡片但沒有回應（是否插反了？）
diag-slot-unavailable = 無法使用
diag-slot-unknown = 狀態不明
diag-guess-possibly-nhi = 公開清單所列的健保卡 ATR
diag-guess-no-atr = 沒有 ATR
diag-guess-malformed = 不是 ISO 7816 的 ATR
diag-select = 健保卡選取（SELECT）→ { $sw }
diag-select-nhi = 健保卡有回應
diag-select-not-nhi = 這張卡沒有以健保卡回應
diag-select-professional = 回應方式像健保卡，但 ATR 是醫事人員卡的：請改用您自己的健保卡
diag-service-url = 網址：{ $url }
diag-service-reachable = 可以連線：來回時間中位數 { $ms } 毫秒（試 { $samples } 次）
diag-service-unreachable = 無法連線
diag-service-answer = 回應：{ $service }，協定版本 { $protocol }
diag-tls-loopback = 未加密：純 HTTP，只允許連到這台電腦（loopback）
diag-tls-ok = 已加密：{ $version }（{ $cipher }），憑證可信任
diag-tls-failed = 安全連線失敗：{ $cause }
diag-tls-not-checked = 安全連線：未檢查（無法連線）
diag-tls-cause-expired = 憑證已過期（或這台電腦的日期不正確）
diag-tls-cause-not-yet-valid = 憑證尚未生效（這台電腦的日期可能不正確）
diag-tls-cause-unknown-issuer = 憑證的簽發者不受這台電腦信任
diag-tls-cause-name-mismatch = 憑證屬於別的網址
diag-tls-cause-revoked = 憑證已被撤銷
diag-tls-cause-other = { $detail }
diag-what-to-do = 怎麼辦：
diag-privacy = 本報告沒有任何個人資料，可以放心提供給客服人員。
diag-hotlines = 仍然無法使用？請洽健保署：
diag-hotline-it = 資訊技術諮詢專線 (IT help line)：(07)231-8122
diag-copy = 複製報告
diag-copied = 報告已複製到剪貼簿。
diag-save = 儲存報告
diag-saved = 報告已儲存到 { $path }
diag-save-failed = 無法儲存報告：{ $reason }
diag-again = 重新檢查
diag-close = 關閉

## Kiosk

kiosk-reset-warning = 此畫面將於 { $seconds } 秒後重設
kiosk-keep-going = 繼續使用
kiosk-take-card-title = 請取回您的健保卡
kiosk-take-card-hint = 請從讀卡機取出健保卡，下一位民眾即可插入自己的健保卡。
kiosk-admin-title = 管理員
kiosk-admin-pin = 請輸入管理員 PIN 碼
kiosk-admin-unlock = 解鎖
kiosk-admin-wrong = PIN 碼錯誤。還可以再試 { $tries } 次，之後須稍候。
kiosk-admin-cooldown = PIN 碼錯誤次數過多，請於 { $seconds } 秒後再試。
kiosk-admin-no-pin = 這台電腦沒有設定管理員 PIN 碼，因此無法在此開啟設定。管理員可執行「nhi-companion kiosk-pin」，並將產生的那一行加入全機設定檔 config.toml。
kiosk-admin-unlocked = 管理員模式。變更只維持到程式重新啟動；若要保留，請修改全機設定檔 config.toml。
kiosk-admin-lock = 重新鎖定
kiosk-admin-exit = 結束程式

## Accessibility

a11y-text-size = 文字大小
a11y-text-size-keys = 也可以按 Ctrl 加號放大、Ctrl 減號縮小、Ctrl 0 回到 100 %。
a11y-contrast = 對比
a11y-contrast-normal = 一般
a11y-contrast-high = 高對比
a11y-theme = 亮色或暗色
a11y-theme-system = 跟隨系統
a11y-theme-light = 亮色
a11y-theme-dark = 暗色
a11y-why-sign-in = 請先輸入註冊密碼。
a11y-code-hurry = 剩不到 2 分鐘：請立即掃描，或產生新的認證碼。

## 表單檢查、帳號步驟、示範卡、已認證的手機（issue 14）

form-password-length = 註冊密碼需為 6 至 12 個字元（現在是 { $count } 個）。
form-password-empty = 請輸入註冊密碼。
form-password-again = 兩次輸入的註冊密碼不相同，請重新輸入。
form-email-empty = 請填寫電子信箱。
form-email-shape = 電子信箱的格式不對，應像 name@example.com。
form-code-empty = 請輸入信中的代碼。
form-caps-lock = 大寫鎖定（Caps Lock）已開啟，密碼會以大寫輸入。
verify-sent-to = 認證信已寄到 { $email }。
verify-sent-unknown = 認證信已寄到您申請時填寫的電子信箱。
verify-resent-to = 已重寄認證信到 { $email }。
reset-sent-to = 密碼重設信已寄到 { $email }。請開啟信件，將密碼重設碼及新的註冊密碼輸入下方。
reset-send-again = 重寄密碼重設信
code-not-typed = 中間的空格只是為了方便閱讀，輸入時不必輸入空格。
code-verified-device = 已認證：{ $device }
code-verified-sign-out = 登出
demo-insert-registered = 插入王小明的卡
demo-insert-new = 插入新卡（未註冊）
demo-password-chosen = 這張示範卡的註冊密碼是您自己設定的，請用它登入。
demo-not-registered = 這張示範卡尚未註冊：請先點選【首次登入請先申請】練習申請。
mailbox-code = 信中的代碼
mailbox-copy = 複製代碼
mailbox-use = 使用這組代碼
mailbox-copied = 已複製
devices-revoke-confirm = 要取消「{ $device }」的認證嗎？這支手機之後需要重新認證才能使用「健康存摺」。
devices-revoke-yes = 確定取消認證
devices-revoke-no = 保留
devices-revoked = 已取消「{ $device }」的認證。
waiting-signed-out = 健保卡已取出：您已登出，畫面上的個人資料已清除。
waiting-card-out = 健保卡已取出，畫面上的個人資料已清除。

## 自然人憑證登入的問題（issue 13）

problem-cert-module-missing = 尚未安裝自然人憑證的讀卡元件
    .hint = 請至內政部憑證管理中心網站（moica.nat.gov.tw）下載安裝「HiCOS PKI Smart Card」元件，再按【再試一次】；或改用健保卡及註冊密碼登入。
problem-cert-module-unusable = 自然人憑證的讀卡元件無法使用
    .hint = 請至 moica.nat.gov.tw 重新安裝適用於這台電腦的 HiCOS PKI Smart Card 元件，再重新開啟本程式。
problem-cert-no-card = 讀卡機中沒有自然人憑證
    .hint = 請將自然人憑證晶片朝上、晶片端先插入讀卡機。
problem-cert-card-removed = 自然人憑證已被取出
    .hint = 請重新插入自然人憑證，並在完成登入前不要取出。
problem-cert-no-certificate = 這張卡片中沒有可登入的憑證
    .hint = 請確認這是您的自然人憑證；若是，憑證可能已被廢止，請洽內政部憑證管理中心客服專線 0800-080-117。
problem-cert-no-signing-key = 找不到卡片的簽章金鑰
    .hint = 請取出卡片後重新插入。若持續發生，請洽內政部憑證管理中心客服專線 0800-080-117。
problem-cert-unsupported-key = 此憑證的金鑰無法用於登入
    .hint = 請使用有效的自然人憑證；金鑰長度不足的舊卡須至戶政事務所換發。
problem-cert-pin-incorrect = PIN 碼錯誤
    .hint = 請確認卡片的 PIN 碼後再輸入一次。連續輸入錯誤過多次，卡片將被鎖住；不確定 PIN 碼時，請先停下來確認。
problem-cert-pin-final-try = PIN 碼錯誤：只剩最後一次機會
    .hint = 若下一次 PIN 碼仍然錯誤，卡片將被鎖住。若不確定 PIN 碼，請先停下來確認；鎖卡後須至內政部憑證管理中心網站或戶政事務所解鎖。
problem-cert-pin-locked = 卡片的 PIN 碼已被鎖住
    .hint = PIN 碼錯誤次數過多。請至 moica.nat.gov.tw 使用「鎖卡解碼」服務，或至戶政事務所辦理解鎖。本程式不會再嘗試 PIN 碼。
problem-cert-pin-format = PIN 碼須為 { $min } 到 { $max } 碼
    .hint = 請重新輸入卡片的 PIN 碼；這次沒有送到卡片，不會用掉嘗試次數。
problem-cert-token-failed = 讀卡元件回報錯誤
    .hint = 請取出卡片後重新插入，再試一次。若持續發生，請告知客服此代碼：{ $code }。
problem-cert-signature-invalid = 服務不接受卡片的簽章
    .hint = 請再試一次。若持續發生，卡片可能故障，請洽內政部憑證管理中心客服專線 0800-080-117。
problem-cert-unknown-ca = 服務不接受此發證單位的憑證
    .hint = 請使用內政部憑證管理中心核發的自然人憑證，或改用健保卡及註冊密碼登入。
problem-cert-expired = 這張卡片的憑證已過期
    .hint = 請至戶政事務所或 moica.nat.gov.tw 辦理憑證展期。若憑證應該仍有效，請檢查這台電腦的日期與時間。
problem-cert-not-yet-valid = 這張卡片的憑證尚未生效
    .hint = 請檢查這台電腦的日期與時間。剛核發的憑證可能要稍後才生效。
problem-cert-wrong-key-usage = 此憑證不能用於登入
    .hint = 卡片中的憑證不是簽章用憑證。請確認這是您的自然人憑證。
problem-cert-bound-elsewhere = 此憑證屬於另一位使用者的註冊資料
    .hint = 請確認輸入的身分證統一編號，並確認讀卡機中的是您本人的卡片。
problem-cert-unsupported = 服務無法讀取這張卡片的憑證
    .hint = 請改用健保卡及註冊密碼登入，並告知客服此情形。
problem-cert-id-not-registered = 此身分證統一編號沒有註冊資料
    .hint = 請確認輸入的身分證統一編號。若您從未使用健保網路服務，請先以健保卡申請。
problem-cert-challenge-expired = 憑證登入時間過長
    .hint = 請重新登入，並在完成前不要取出卡片。
problem-cert-sign-in-unavailable = 此服務不提供自然人憑證登入
    .hint = 請改用健保卡及註冊密碼登入。

## Renderer (diagnostics)

diag-renderer = 繪圖方式：{ $renderer ->
    [gpu] 顯示晶片（wgpu）
   *[software] 軟體繪圖（tiny-skia）
}
diag-renderer-why = { $source ->
    [command-line] 由 --renderer { $choice } 指定
    [machine-config] 由全機設定檔指定（renderer = "{ $choice }"）
    [settings] 由設定指定（renderer = "{ $choice }"）
   *[default] 自動選擇
}：{ $reason }。
diag-renderer-fell-back = 無法使用顯示晶片，視窗改以軟體繪圖。請更新顯示卡驅動程式，或設定 renderer = "software" 不再嘗試。
renderer-reason-asked = 依指定
renderer-reason-environment = 環境變數 ICED_BACKEND={ $detail } 已設定
renderer-reason-software-forced = { $detail } 讓顯示驅動程式以軟體繪圖
renderer-reason-remote = 這是遠端連線（{ $detail }）：顯示晶片（如果有）在另一台電腦上
renderer-reason-no-gpu-device = 找不到顯示晶片（沒有 /dev/dri render node）：軟體繪圖比模擬顯示晶片省力得多
renderer-reason-no-gpu-adapter = 顯示卡（{ $detail }）沒有自己的 3D 繪圖功能（虛擬機器或基本顯示驅動程式）：軟體繪圖比模擬顯示晶片省力得多
renderer-reason-gpu-found = 找到顯示晶片（{ $detail }）
renderer-reason-metal = Mac 以 Metal 繪圖
renderer-reason-unknown = 沒有其他線索；若顯示晶片無法啟動，會自動改用軟體繪圖
## 登入時的健保卡，以及不是健保卡的卡片

problem-card-session-lost = 健保卡驗證一再中斷
    .hint = 驗證健保卡期間有東西一再重設健保卡或切斷它的電源：可能是其他讀卡程式，或卡片、讀卡機沒有插穩。請關閉其他讀卡程式（例如健保卡元件），取出健保卡後重新插好，再試一次。
problem-citizen-digital-certificate = 這是您的自然人憑證
    .hint = 自然人憑證透過其讀卡元件（HiCOS）登入：請在本程式中輸入 PIN 碼登入；或取出自然人憑證，插入您的健保卡。
diag-guess-health-professional = 公開清單所列的醫事人員卡 ATR
diag-guess-citizen-digital-certificate = 公開清單所列的自然人憑證 ATR

## 以自然人憑證登入（畫面）
cert-title = 以自然人憑證登入
cert-card = 卡片：{ $label }
cert-holder = 憑證持有人
cert-id-number = 身分證統一編號
cert-id-hint = 服務會核對您的註冊資料。
cert-pin = 自然人憑證 PIN 碼
cert-instruction = 請輸入身分證統一編號及卡片的 PIN 碼，再按【登入】鈕（或按 Enter 鍵）。
cert-sign-in = 登入
cert-signing-in = 正在以自然人憑證登入…請勿取出卡片。
cert-pin-count-low = 這張卡片先前已輸入過錯誤的 PIN 碼，連續錯誤過多次將鎖卡。
cert-pin-final-try = 注意：只剩最後一次機會。不確定 PIN 碼時，請先停下來確認。
cert-pin-only-to-card = PIN 碼只送到卡片，本程式不會保存。
a11y-why-cert-id = 請先輸入身分證統一編號（10 碼，例如 A123456789）
a11y-why-cert-pin = PIN 碼須為 { $min } 到 { $max } 碼
waiting-opening-token = 正在讀取自然人憑證…
waiting-cert-signed-out = 自然人憑證已取出：您已登出，畫面上的個人資料已清除。
waiting-cert-out = 自然人憑證已取出，畫面上的個人資料已清除。
waiting-either-card = 或插入自然人憑證，以 PIN 碼登入。
demo-insert-certificate = 插入練習憑證
ui-demo-pin = 練習用 PIN 碼：{ $pin }　身分證統一編號：{ $id }
## 自然人憑證的讀卡元件與卡片（診斷）

diag-section-token = 自然人憑證
diag-token-source = { $source ->
    [command-line] 由 --pkcs11-module 指定
    [machine-file] 由全機設定檔的 pkcs11_module 指定
    [settings] 由設定檔的 pkcs11_module 指定
   *[usual] HiCOS 的預設安裝位置
}
diag-token-module-loaded = 讀卡元件：已載入 { $path }（{ $source }）：{ $description }，{ $manufacturer }，版本 { $library }，PKCS#11 { $cryptoki }
diag-token-module-missing = 讀卡元件：未安裝（{ $source }；找過 { $places }）。只有以自然人憑證登入才需要：請至內政部憑證管理中心網站（moica.nat.gov.tw）下載安裝「HiCOS PKI Smart Card」元件。
diag-token-module-unusable = 讀卡元件 { $path }（{ $source }）無法使用：{ $detail }
diag-token-module-software = 練習用自然人憑證：程式內建，不需要讀卡元件
diag-token-slots = 卡片插槽：{ $count } 個
diag-token-slot = 插槽 { $slot }（{ $description }）：{ $label }（{ $manufacturer }，{ $model }）；{ $pin }
diag-token-slot-empty = 插槽 { $slot }（{ $description }）：沒有卡片
diag-token-slot-unreadable = 插槽 { $slot }（{ $description }）：無法讀取卡片（{ $detail }）
diag-token-pin-ok = PIN 碼可以使用
diag-token-pin-count-low = 先前曾輸入錯誤的 PIN 碼，連續錯誤過多次將鎖卡
diag-token-pin-final-try = PIN 碼只剩最後一次機會
diag-token-pin-locked = PIN 碼已鎖住：請至 moica.nat.gov.tw 以「HiCOS 卡片管理工具」解鎖，或洽戶政事務所
