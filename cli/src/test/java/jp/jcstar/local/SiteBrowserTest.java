package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import jp.jcstar.functions.Wiring;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The registry site in a real browser: headless Chromium (Debian's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, never downloaded) against the local server holding the demo registry.
 * What a consumer sees after scanning a label's QR code, for each verdict, in Japanese and English;
 * search by a Japanese vendor name; the remembered language choice. Every wait is on a DOM condition
 * (the verify page sets {@code data-verdict} on its banner once it has decided), never a sleep.
 * A screenshot of each verdict is written to {@code target/screenshots/}.
 */
class SiteBrowserTest {
    static final String CHROMIUM = System.getProperty("jcstar.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path tmp;

    static LocalServer server;
    /** Same signing key as {@link #server}, empty registry: labels of the first are genuine but unknown here. */
    static LocalServer foreign;

    static ChromeDriverService service;
    static ChromeDriver driver;
    static Path screenshots;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        requireExecutable(CHROMIUM, "chromium");
        requireExecutable(CHROMEDRIVER, "chromedriver");
        // Selenium Manager must never run (it would try to download a browser/driver): the driver and
        // the browser are both given explicitly.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);

        Path home = tmp.resolve("home");
        int port = ServeCommand.freePort();
        Wiring wiring = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        DemoData.seed(wiring);
        server = new LocalServer(wiring, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port);
        server.start();

        Path otherHome = tmp.resolve("other");
        Files.createDirectories(otherHome.resolve("keys"));
        Files.copy(
                home.resolve("keys").resolve("signing-key"),
                otherHome.resolve("keys").resolve("signing-key"),
                StandardCopyOption.COPY_ATTRIBUTES);
        int otherPort = ServeCommand.freePort();
        foreign = new LocalServer(
                Wiring.embedded(otherHome, "http://127.0.0.1:" + otherPort, Clock.systemUTC()),
                OperatorToken.loadOrCreate(otherHome.resolve("operator-token")),
                "127.0.0.1",
                otherPort);
        foreign.start();

        screenshots = Path.of(System.getProperty("basedir", "."), "target", "screenshots");
        Files.createDirectories(screenshots);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--disable-default-apps",
                "--force-prefers-reduced-motion",
                "--lang=ja-JP",
                "--window-size=480,1400",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    static void requireExecutable(String path, String what) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(
                    what + " not found at " + path + ": this test runs the site in a real headless Chromium."
                            + " Install Debian's chromium and chromium-driver packages (CI does), or point -Djcstar.chromium /"
                            + " -Dwebdriver.chrome.driver at them. Nothing is downloaded.");
        }
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (service != null) service.stop();
        if (foreign != null) foreign.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void freshLanguageChoice() {
        for (LocalServer s : List.of(server, foreign)) {
            driver.executeCdpCommand(
                    "Storage.clearDataForOrigin", Map.of("origin", base(s), "storageTypes", "local_storage"));
        }
    }

    @AfterEach
    void noScriptErrorsOrCspViolations() {
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        // Failed API calls are logged by the browser whenever a test makes them fail (blocked, 404): those are
        // expected.
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !(m.contains("Failed to load resource")
                        && (m.contains("/v1/labels/")
                                || m.contains("/.well-known/jwks.json")
                                || m.contains("/v1/status-lists/")
                                || m.contains("/v1/label-status/")
                                || m.contains("/v1/label-jws/"))))
                .toList();
        assertEquals(List.of(), errors, "the browser console has errors (script error, CSP violation, missing asset?)");
    }

    // ---- the verdicts -------------------------------------------------------------------------

    @Test
    void genuineValidLabelShowsGenuineAndValidWithVendorModelsAndStarsInJapaneseAndEnglish(TestInfo info)
            throws IOException {
        LabelRecord r = record("DEMO-0005"); // ☆3, two models, Japanese vendor
        open(qrUrl(r));
        WebElement banner = verdict("valid");
        assertEquals("本物・有効", title());
        assertTrue(banner.getText().contains("現在有効です"), banner.getText());
        String details = driver.findElement(By.id("result")).getText();
        assertTrue(details.contains("株式会社ミナト住設"), details);
        assertTrue(details.contains("スマートロック ML-20"), details);
        assertEquals(
                List.of("ML-20", "ML-20G"),
                driver.findElements(By.cssSelector("#result ul.models li")).stream()
                        .map(WebElement::getText)
                        .toList());
        WebElement stars = driver.findElement(By.cssSelector("#result .stars"));
        assertEquals("★★★☆", stars.getText());
        assertEquals("☆3", stars.getAttribute("aria-label"));
        assertTrue(details.contains(r.id()), details);
        assertTrue(details.contains("現在の状態: 有効"), details);
        shot(info, "ja");

        switchTo("en");
        new WebDriverWait(driver, WAIT).until(d -> title().equals("Genuine and valid"));
        verdict("valid");
        assertTrue(driver.findElement(By.id("verdict"))
                .getText()
                .contains("This is a genuine label from the registry and it is currently valid."));
        details = driver.findElement(By.id("result")).getText();
        assertTrue(details.contains("株式会社ミナト住設"), details); // names stay as signed
        assertTrue(
                details.contains("What the label says")
                        && details.contains("Vendor")
                        && details.contains("Current status: Valid"),
                details);
        assertEquals(
                "Star level 3",
                driver.findElement(By.cssSelector("#result .stars")).getAttribute("aria-label"));
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        shot(info, "en");
    }

    @Test
    void tamperedDigitInTheQrNumericFormIsPossiblyFakeNeverValid(TestInfo info) throws IOException {
        String url = qrUrl(record("DEMO-0003"));
        int hash = url.indexOf("#2");
        assertTrue(hash > 0 && url.substring(hash + 1).matches("\\d+"), "the QR text carries the numeric form: " + url);
        // The last digits encode signature bytes. Lowering a non-zero digit keeps every chunk in range,
        // so the decoding succeeds and only the signature check can catch it.
        char[] c = url.toCharArray();
        int i = c.length - 20;
        while (c[i] == '0') i--;
        c[i]--;
        open(new String(c));
        WebElement banner = verdict("invalid");
        assertEquals("偽物の可能性", title());
        assertTrue(banner.getText().contains("bad-signature"), banner.getText());
        assertNoValidClaim();
        shot(info, "numeric");
    }

    @Test
    void changedSignatureCharacterInThePlainJwsIsPossiblyFakeNeverValid(TestInfo info) throws IOException {
        LabelRecord r = record("DEMO-0001");
        String jws = r.jws();
        assertTrue(jws.startsWith("eyJ"), jws);
        int sig = jws.lastIndexOf('.') + 20;
        char[] c = jws.toCharArray();
        c[sig] = c[sig] == 'A' ? 'B' : 'A';
        // Open the untouched plain form first: the page accepts it, so the tampered one fails for its signature only.
        open(base(server) + "/v#" + jws);
        verdict("valid");
        open(base(server) + "/v#" + new String(c));
        WebElement banner = verdict("invalid");
        assertEquals("偽物の可能性", title());
        assertTrue(banner.getText().contains("bad-signature"), banner.getText());
        assertNoValidClaim();
        shot(info, "plain");

        switchTo("en");
        new WebDriverWait(driver, WAIT).until(d -> title().equals("Possibly fake"));
        verdict("invalid");
    }

    @Test
    void revokedLabelShowsRevokedWithTheReasonAndDate(TestInfo info) throws IOException {
        LabelRecord r = record("DEMO-0011");
        open(qrUrl(r));
        WebElement banner = verdict("revoked");
        assertEquals("失効", title());
        String text = banner.getText();
        assertTrue(text.contains("理由: 要件への不適合"), text);
        assertTrue(
                text.contains(
                        "適用日: " + jaDate(LocalDate.ofInstant(r.stateEffectiveAt(), java.time.ZoneId.of("Asia/Tokyo")))),
                text);
        assertTrue(driver.findElement(By.id("result")).getText().contains("株式会社あかつき玩具"));
        assertNoValidClaim();
        shot(info, "ja");

        switchTo("en");
        new WebDriverWait(driver, WAIT).until(d -> title().equals("Revoked"));
        assertTrue(driver.findElement(By.id("verdict")).getText().contains("Reason: Does not meet the requirements"));
    }

    @Test
    void suspendedLabelShowsSuspendedWithTheReason(TestInfo info) throws IOException {
        open(qrUrl(record("DEMO-0012")));
        WebElement banner = verdict("suspended");
        assertEquals("一時停止", title());
        assertTrue(banner.getText().contains("理由: 調査中"), banner.getText());
        assertNoValidClaim();
        shot(info, "ja");
    }

    @Test
    void supportEndedLabelShowsSupportEndedWithTheDate(TestInfo info) throws IOException {
        LabelRecord r = record("DEMO-0013");
        LocalDate end = r.claims().supportEnd();
        assertTrue(
                end.isBefore(LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"))),
                "demo data: DEMO-0013's support has ended");
        open(qrUrl(r));
        WebElement banner = verdict("support-ended");
        assertEquals("サポート終了", title());
        assertTrue(banner.getText().contains("この製品のセキュリティサポートは" + jaDate(end) + "に終了しました。"), banner.getText());
        assertTrue(driver.findElement(By.id("result")).getText().contains("サポート期限" + jaDate(end) + "を過ぎています"));
        assertNoValidClaim();
        shot(info, "ja");

        switchTo("en");
        new WebDriverWait(driver, WAIT).until(d -> title().equals("Support ended"));
        String en = end.getDayOfMonth() + " "
                + end.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.UK) + " "
                + end.getYear();
        assertTrue(
                driver.findElement(By.id("verdict"))
                        .getText()
                        .contains("Security support for this product ended on " + en + "."),
                driver.findElement(By.id("verdict")).getText());
    }

    @Test
    void registrationNumberThatThisRegistryDoesNotHoldIsNotInTheRegistryNeverValid(TestInfo info) throws IOException {
        // The compact QR form names only the registration number; the foreign server holds no labels, so its
        // label file is a 404. (A full-form label carries its own signature: the page decides it from the
        // JWKS and the status list alone, see docs/label-format.md on what became of "unknown".)
        LabelRecord r = record("DEMO-0005");
        open(base(foreign) + "/v#" + r.id());
        WebElement banner = verdict("unknown");
        assertEquals("登録簿にありません", title());
        assertTrue(banner.getText().contains("登録番号 " + r.id() + " のラベルはこの登録簿にありません"), banner.getText());
        assertTrue(
                banner.getText().contains("購入前に販売店またはメーカーにご確認ください"),
                "advice as for a forged label: " + banner.getText());
        assertTrue(
                driver.findElements(By.cssSelector("#result a[href^='label.html']"))
                        .isEmpty(),
                "no product page link for an unknown label");
        assertNoValidClaim();
        shot(info, "ja");
    }

    @Test
    void genuineLabelWhoseStatusCannotBeFetchedIsStatusUnavailableNeverValid(TestInfo info) throws IOException {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/v1/status-lists/*")));
        open(qrUrl(record("DEMO-0005")));
        WebElement banner = verdict("unavailable");
        assertEquals("状態を確認できません", title());
        assertTrue(banner.getText().contains("「有効」とは判断できません"), banner.getText());
        assertTrue(driver.findElement(By.id("result")).getText().contains("現在の状態: 確認できませんでした"));
        assertFalse(driver.findElements(By.cssSelector("#result button")).isEmpty(), "a retry button is offered");
        shot(info, "ja");

        // The registry comes back: "retry" now reaches it and the label is valid.
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
        driver.findElement(By.cssSelector("#result button")).click();
        verdict("valid");
    }

    @Test
    void labelCannotBeCheckedWhenThePublicKeysCannotBeFetched(TestInfo info) throws IOException {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of("*/.well-known/jwks.json")));
        open(qrUrl(record("DEMO-0005")));
        WebElement banner = verdict("nokeys");
        assertEquals("確認できません", title());
        assertTrue(banner.getText().contains("keys-unavailable"), banner.getText());
        assertTrue(
                driver.findElement(By.id("result")).getText().isBlank()
                        || !driver.findElement(By.id("result")).getText().contains("ML-20"),
                "unverified claims are not shown");
        assertNoValidClaim();
        shot(info, "ja");
    }

    @Test
    void pastedQrTextOrJwsIsCheckedLikeAScannedLabel(TestInfo info) throws IOException {
        // On the search page: the whole QR URL, as a QR reader app would copy it.
        open(base(server) + "/");
        String hint = driver.findElement(By.id("paste-hint")).getText();
        assertTrue(hint.contains("/v#2"), "the hint shows the QR URL as printed: " + hint);
        paste(qrUrl(record("DEMO-0005")));
        driver.findElement(By.cssSelector("#paste-form button[type=submit]")).click();
        verdict("valid");
        // On the verify page: the bare compact JWS of another label replaces the one shown.
        paste(record("DEMO-0011").jws());
        driver.findElement(By.cssSelector("#paste-form button[type=submit]")).click();
        new WebDriverWait(driver, WAIT)
                .withMessage("the pasted revoked label is checked")
                .until(ExpectedConditions.attributeToBe(By.id("verdict"), "data-verdict", "revoked"));
        assertEquals("失効", title());
        // Text that is no label at all: an error next to the box, the shown verdict stays.
        driver.findElement(By.id("paste-text")).sendKeys("#");
        driver.findElement(By.cssSelector("#paste-form button[type=submit]")).click();
        new WebDriverWait(driver, WAIT)
                .until(d -> !d.findElement(By.id("paste-error")).getText().isBlank());
        assertEquals("revoked", driver.findElement(By.id("verdict")).getAttribute("data-verdict"));
        shot(info, "revoked");
    }

    // ---- search and language ------------------------------------------------------------------

    @Test
    void searchFindsLabelsByJapaneseVendorName(TestInfo info) throws IOException {
        open(base(server) + "/");
        search("東都");
        List<WebElement> results = driver.findElements(By.cssSelector("#results li.result"));
        assertEquals(
                1,
                results.size(),
                () -> results.stream().map(WebElement::getText).toList().toString());
        String text = results.getFirst().getText();
        assertTrue(text.contains("無線LANルータ TN-WR5400"), text);
        assertTrue(text.contains("東都ネットワークス株式会社"), text);
        assertTrue(text.contains("TN-WR5400, TN-WR5400S"), text);
        assertEquals("1件表示中", driver.findElement(By.id("results-status")).getText());
        shot(info, "toto");

        search("サクラ");
        List<String> products = driver.findElements(By.cssSelector("#results li.result h3")).stream()
                .map(WebElement::getText)
                .toList();
        assertEquals(List.of("スマートホームカメラ SC-300"), products);

        // The result links to the product page, which shows the label and its status.
        driver.findElement(By.cssSelector("#results li.result h3 a")).click();
        new WebDriverWait(driver, WAIT)
                .until(d -> driver.findElement(By.tagName("main")).getText().contains("株式会社サクラ電機"));
    }

    @Test
    void languageSwitchToEnglishIsRememberedAcrossReload(TestInfo info) throws IOException {
        open(base(server) + "/");
        WebElement h1 = driver.findElement(By.cssSelector("h1"));
        new WebDriverWait(driver, WAIT).until(d -> h1.getText().equals("登録簿の検索"));
        assertEquals("ja", driver.findElement(By.tagName("html")).getAttribute("lang"));
        switchTo("en");
        new WebDriverWait(driver, WAIT).until(d -> h1.getText().equals("Search the registry"));
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals(
                "Search",
                driver.findElement(By.cssSelector("#search-form button[type=submit]"))
                        .getText());
        assertEquals(
                "true", driver.findElement(By.cssSelector("[data-set-lang=en]")).getAttribute("aria-pressed"));

        driver.navigate().refresh();
        new WebDriverWait(driver, WAIT)
                .until(d -> d.findElement(By.cssSelector("h1")).getText().equals("Search the registry"));
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals(
                "true", driver.findElement(By.cssSelector("[data-set-lang=en]")).getAttribute("aria-pressed"));
        shot(info, "after-reload");

        // Another page of the site opens in English too, and the verdict is English from the start.
        open(qrUrl(record("DEMO-0011")));
        verdict("revoked");
        assertEquals("Revoked", title());

        switchTo("ja");
        new WebDriverWait(driver, WAIT).until(d -> title().equals("失効"));
        driver.navigate().refresh();
        verdict("revoked");
        assertEquals("失効", title());
    }

    // ---- helpers ------------------------------------------------------------------------------

    static String base(LocalServer s) {
        return "http://127.0.0.1:" + s.port();
    }

    /**
     * Opens a page as a freshly scanned QR code does: a new document. (A second {@code get} of the same
     * page with another fragment would only fire {@code hashchange}, and the previous verdict could be read.)
     */
    static void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    static LabelRecord record(String applicationId) {
        return server.wiring()
                .registry()
                .store()
                .findByApplication(applicationId)
                .orElseThrow();
    }

    /** What a phone camera opens: the QR text of the label, as printed. */
    static String qrUrl(LabelRecord r) {
        String qr = server.wiring().registry().view(r).qrText();
        assertTrue(qr.toLowerCase(java.util.Locale.ROOT).startsWith(base(server) + "/v#"), qr);
        return qr;
    }

    /** Waits until the verify page has decided, and checks it decided {@code expected}. */
    static WebElement verdict(String expected) {
        WebElement banner = new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#verdict[data-verdict]")));
        assertEquals(expected, banner.getAttribute("data-verdict"), banner::getText);
        return banner;
    }

    static String title() {
        return driver.findElement(By.cssSelector("#verdict .verdict-title")).getText();
    }

    /** The page claims neither "valid" verdict nor a "valid" status anywhere in the banner. */
    static void assertNoValidClaim() {
        WebElement banner = driver.findElement(By.id("verdict"));
        assertNotEquals("valid", banner.getAttribute("data-verdict"));
        String text = banner.getText();
        assertFalse(text.contains("本物・有効") || text.contains("現在有効です"), text);
        assertFalse(driver.findElement(By.id("result")).getText().contains("現在の状態: 有効"));
    }

    /** Puts text into the paste box in one go, as a paste does (sendKeys would type it key by key). */
    static void paste(String text) {
        driver.executeScript(
                "const t = document.getElementById('paste-text'); t.value = arguments[0];"
                        + " t.dispatchEvent(new Event('input', {bubbles: true}));",
                text);
    }

    static void switchTo(String lang) {
        driver.findElement(By.cssSelector("[data-set-lang=" + lang + "]")).click();
        new WebDriverWait(driver, WAIT)
                .until(d -> lang.equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    }

    static void search(String vendor) {
        WebElement field = driver.findElement(By.id("f-vendor"));
        field.clear();
        field.sendKeys(vendor);
        driver.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        new WebDriverWait(driver, WAIT)
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "return new URLSearchParams(location.search).get('vendor') === arguments[0]"
                                + " && !document.getElementById('results').hasAttribute('aria-busy')",
                        vendor)));
    }

    /** A day as the Japanese page writes it: 2030年9月30日. */
    static String jaDate(LocalDate d) {
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    static void shot(TestInfo info, String suffix) throws IOException {
        String name = info.getTestMethod().orElseThrow().getName() + "-" + suffix + ".png";
        Files.write(screenshots.resolve(name), driver.getScreenshotAs(OutputType.BYTES));
    }
}
