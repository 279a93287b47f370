package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import jp.jcstar.functions.Wiring;
import jp.jcstar.store.LabelRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
 * The verify page with the network cut (DevTools protocol offline emulation), after the service worker has
 * seen the site once: labels verify against the kept JWKS and status lists, the page says it is offline and
 * how old the status data is, and past the list's exp it says stale, never valid. The manifest makes the site
 * installable. Headless Chromium from Debian, as {@link SiteBrowserTest}.
 */
class OfflineVerifyBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path tmp;

    static LocalServer server;
    static ChromeDriverService service;
    static ChromeDriver driver;
    static final Map<String, String> SESSIONS = new java.util.HashMap<>();

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
        driver.executeCdpCommand("Network.enable", Map.of());
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (service != null) service.stop();
        if (server != null) server.close();
    }

    @AfterEach
    void online() {
        offline(false);
    }

    /**
     * Cuts (or restores) the network for the page and for the service worker, as DevTools' "Offline" does:
     * {@code Network.emulateNetworkConditions} on the page target and, through a session attached to it, on
     * the service worker's own target (its fetches are not the page's).
     */
    @SuppressWarnings("unchecked")
    static void offline(boolean off) {
        // the HTTP cache answers within max-age whatever the network; empty it, as a minute's wait would
        if (off) driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        Map<String, Object> conditions =
                Map.of("offline", off, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1);
        driver.executeCdpCommand("Network.emulateNetworkConditions", conditions);
        var targets = (java.util.List<Map<String, Object>>)
                driver.executeCdpCommand("Target.getTargets", Map.of()).get("targetInfos");
        for (Map<String, Object> t : targets) {
            if (!"service_worker".equals(t.get("type"))) continue;
            // one session per worker: emulation is per session, so the one that cut the network restores it
            String session =
                    SESSIONS.computeIfAbsent((String) t.get("targetId"), id -> (String)
                            driver.executeCdpCommand("Target.attachToTarget", Map.of("targetId", id, "flatten", false))
                                    .get("sessionId"));
            for (String m : java.util.List.of(
                    "{\"id\":1,\"method\":\"Network.enable\",\"params\":{}}",
                    "{\"id\":2,\"method\":\"Network.emulateNetworkConditions\",\"params\":"
                            + jp.jcstar.json.Json.writeString(conditions) + "}")) {
                driver.executeCdpCommand("Target.sendMessageToTarget", Map.of("sessionId", session, "message", m));
            }
        }
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

    static void open(String url) {
        driver.get("about:blank");
        driver.get(url);
    }

    static WebElement verdict(String expected) {
        WebElement banner = new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#verdict[data-verdict]")));
        assertEquals(expected, banner.getAttribute("data-verdict"), banner::getText);
        return banner;
    }

    /** Opens each label online once the service worker controls the page, so it keeps what they need. */
    static void seenOnline(String... urls) {
        open(urls[0]);
        new WebDriverWait(driver, WAIT)
                .withMessage("the service worker takes control")
                .until(d -> Boolean.TRUE.equals(
                        driver.executeScript("return navigator.serviceWorker.controller !== null")));
        for (String u : urls) {
            open(u);
            WebElement banner = new WebDriverWait(driver, WAIT)
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#verdict[data-verdict]")));
            assertFalse(banner.getText().contains("オフライン"), banner.getText());
        }
    }

    @Test
    void withTheNetworkCutALabelSeenBeforeVerifiesAndSaysHowOldItsStatusIs() {
        String valid = qrUrl(record("DEMO-0005"));
        String revoked = qrUrl(record("DEMO-0011"));
        seenOnline(valid, revoked);
        offline(true);
        open(valid);
        String text = verdict("valid").getText();
        assertTrue(text.contains("オフラインのため、保存済みの状態データ"), text);
        assertTrue(text.matches("(?s).*（.+発行、\\d+分前）.*"), text);
        open(revoked);
        assertTrue(verdict("revoked").getText().contains("理由: 要件への不適合"), "the status document was kept too");
        // another label of the same list, never opened: the list and the keys are all it needs
        open(qrUrl(record("DEMO-0002")));
        verdict("valid");
    }

    @Test
    void offlinePastTheListsExpTheVerdictIsStaleNeverValid() {
        String valid = qrUrl(record("DEMO-0007"));
        seenOnline(valid);
        offline(true);
        driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                        "source",
                        "(() => { const real = Date.now.bind(Date); Date.now = () => real() + "
                                + Duration.ofDays(4).toMillis() + "; })();"));
        open(valid);
        String text = verdict("stale").getText();
        assertTrue(text.contains("状態が古くなっています") && text.contains("オフライン"), text);
    }

    @Test
    void theSiteIsInstallable() {
        open(qrUrl(record("DEMO-0005")));
        verdict("valid");
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = (Map<String, Object>)
                driver.executeAsyncScript(
                        "const done = arguments[0]; fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json()).then(done, e => done(String(e)))");
        assertEquals("/v", manifest.get("start_url"));
        assertEquals("standalone", manifest.get("display"));
        assertFalse(((java.util.List<?>) manifest.get("icons")).isEmpty());
    }
}
