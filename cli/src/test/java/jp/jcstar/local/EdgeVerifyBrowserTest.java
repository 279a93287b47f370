package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import jp.jcstar.functions.Wiring;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The verify page with every API route blocked in the browser (DevTools request blocking): what a shopper
 * sees when the functions are down or throttled. Every verdict must still come out right, decided from the
 * JWKS, the status list and the status document, files the local server serves from its data folder; and
 * every request the page made must be one of those files or the site itself. The page's clock is moved
 * (Date.now, injected before the page's scripts run) to see a list's ttl pass, a label expire and a list go
 * stale. Headless Chromium from Debian, as {@link SiteBrowserTest}.
 */
class EdgeVerifyBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Every API route that is not also a published file (the JWKS and lists are both; the server answers them from the folder). */
    static final List<String> API_ROUTES =
            List.of("*/v1/labels*", "*/v1/verify*", "*/v1/requirements*", "*/v1/export*", "*/v1/revocations*");

    @TempDir
    static Path tmp;

    static LocalServer server;
    static ChromeDriverService service;
    static ChromeDriver driver;
    static String clockScript;

    @BeforeAll
    static void start() throws Exception {
        SiteBrowserTest.requireExecutable(SiteBrowserTest.CHROMIUM, "chromium");
        SiteBrowserTest.requireExecutable(SiteBrowserTest.CHROMEDRIVER, "chromedriver");
        System.setProperty("webdriver.chrome.driver", SiteBrowserTest.CHROMEDRIVER);
        Path home = tmp.resolve("home");
        int port = ServeCommand.freePort();
        Wiring wiring = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
        DemoData.seed(wiring);
        server = new LocalServer(wiring, OperatorToken.loadOrCreate(home.resolve("operator-token")), "127.0.0.1", port);
        server.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(SiteBrowserTest.CHROMIUM);
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
                "--lang=ja-JP",
                "--window-size=480,1400",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(SiteBrowserTest.CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (service != null) service.stop();
        if (server != null) server.close();
    }

    @BeforeEach
    void blockTheApi() {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", API_ROUTES));
        clock(0);
    }

    @AfterEach
    void onlyFilesWereFetched() {
        @SuppressWarnings("unchecked")
        List<String> urls =
                (List<String>) driver.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        for (String u : urls) {
            String path = u.replaceFirst("^https?://[^/]+", "");
            assertTrue(
                    path.startsWith("/assets/")
                            || path.equals("/.well-known/jwks.json")
                            // the key-status document beside it, and the log key that signs it
                            || path.equals("/.well-known/jcstar-key-status")
                            || path.equals("/files/.well-known/jcstar-log-key")
                            || path.matches("/v1/status-lists/\\d+")
                            || path.matches("/v1/label-(status|jws)/[A-Z0-9-]+")
                            || path.matches("/(sw\\.js|manifest\\.webmanifest)"),
                    "the page fetched " + u);
        }
        driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
    }

    /** Moves the page's clock by {@code offset} for every document opened from now on (and the current one). */
    void clock(long offsetMillis) {
        if (clockScript != null)
            driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", clockScript));
        String js = "(() => { const real = Date.now.bind(Date); if (window.__shift === undefined) window.__shift = "
                + offsetMillis + "; Date.now = () => real() + window.__shift; })();";
        clockScript = (String) driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", js))
                .get("identifier");
    }

    static void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    static LabelRecord record(String applicationId) {
        return server.wiring()
                .registry()
                .store()
                .findByApplication(applicationId)
                .orElseThrow();
    }

    static String qrUrl(LabelRecord r) {
        return server.wiring().registry().view(r).qrText();
    }

    static WebElement verdict(String expected) {
        WebElement banner = new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#verdict[data-verdict]")));
        assertEquals(expected, banner.getAttribute("data-verdict"), banner::getText);
        return banner;
    }

    static void recheck(String text) {
        driver.executeScript("const t = document.getElementById('paste-text'); t.value = arguments[0];", text);
        driver.executeScript("document.getElementById('verdict').removeAttribute('data-verdict')");
        driver.executeScript("document.getElementById('paste-form').requestSubmit()");
    }

    static String jaDate(Instant i) {
        LocalDate d = LocalDate.ofInstant(i, ZoneId.of("Asia/Tokyo"));
        return d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
    }

    @Test
    void validLabelIsValidAndSaysWhenItsStatusDataWasIssued() {
        open(qrUrl(record("DEMO-0005")));
        WebElement banner = verdict("valid");
        assertTrue(banner.getText().contains("状態データの発行: "), banner.getText());
        String checks = driver.findElement(By.id("result")).getText();
        assertTrue(checks.contains("現在の状態: 有効"), checks);
        assertFalse(checks.contains(record("DEMO-0005").jws().substring(0, 5)), "no raw label text shown");
    }

    @Test
    void revokedLabelShowsTheTranslatedReasonTheDateAndAdvice() {
        LabelRecord r = record("DEMO-0011");
        open(qrUrl(r));
        String text = verdict("revoked").getText();
        assertTrue(text.contains("理由: 要件への不適合"), text);
        assertFalse(text.contains("nonconformity"), "no raw reason code: " + text);
        assertTrue(text.contains("適用日: " + jaDate(r.stateEffectiveAt())), text);
        assertTrue(text.contains("購入前に販売店またはメーカーにご確認ください"), text);
    }

    @Test
    void suspendedAndSupportEndedLabelsKeepTheirVerdicts() {
        open(qrUrl(record("DEMO-0012")));
        assertTrue(verdict("suspended").getText().contains("理由: 調査中"));
        open(qrUrl(record("DEMO-0013")));
        verdict("support-ended");
    }

    @Test
    void tamperedLabelIsPossiblyFake() {
        String url = qrUrl(record("DEMO-0003"));
        char[] c = url.toCharArray();
        int i = c.length - 20;
        while (c[i] == '0') i--;
        c[i]--;
        open(new String(c));
        verdict("invalid");
    }

    @Test
    void compactFormFetchesTheLabelFileAndVerifiesItAsUsual() {
        open(base() + "/v#" + record("DEMO-0002").id());
        verdict("valid");
        open(base() + "/v#" + record("DEMO-0011").id());
        assertTrue(verdict("revoked").getText().contains("理由: 要件への不適合"));
        open(base() + "/v#JC26-00000000");
        verdict("unknown");
    }

    @Test
    void expiredLabelIsExpiredAndAListPastItsExpIsStaleNeverValid() {
        LabelRecord r = record("DEMO-0007"); // support until 2034: only the label's own validity ends
        long toExpiry = Duration.between(Instant.now(), r.claims().validUntil()).toMillis();
        clock(toExpiry + 60_000);
        open(qrUrl(r));
        verdict("expired");

        clock(Duration.ofDays(4).toMillis()); // the list's exp is 3 days after its iat
        open(qrUrl(r));
        String text = verdict("stale").getText();
        assertTrue(text.contains("「有効」とは判断できません"), text);
        open(qrUrl(record("DEMO-0011")));
        verdict("revoked"); // revocation is final: a stale list still shows it
    }

    @Test
    void aRevocationShowsOnceTheListsTtlHasPassed() {
        LabelRecord r = record("DEMO-0006");
        String url = qrUrl(r);
        open(url);
        verdict("valid");
        server.wiring()
                .registry()
                .change(r.id(), Registry.Action.REVOKE, RevocationReason.FRAUDULENT, Instant.now(), "test", "ttl");
        String fragment = url.substring(url.indexOf('#') + 1);
        recheck(fragment);
        verdict("valid"); // the page's copy of the list is within its ttl (60 s)
        driver.executeScript("window.__shift = 61000");
        recheck(fragment);
        String text = verdict("revoked").getText();
        assertTrue(text.contains("理由: 虚偽の申請"), text);
    }
}
