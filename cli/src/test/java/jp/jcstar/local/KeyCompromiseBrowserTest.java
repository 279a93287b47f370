package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.Fixtures;
import jp.jcstar.log.KeyStatus;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.signing.Kids;
import jp.jcstar.signing.LabelSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The verify page in headless Chromium after the operator marked the signing key compromised
 * (docs/transparency-log.md, "Key compromise"): a label logged before T is valid with the note, read from the
 * key-status document and the inclusion proof from the static tiles (keystatus.js, tlog.js); a label issued
 * with the key after T and one the thief signed with it outside the registry are refused with
 * {@code key-compromised}; a key-status document with a bad signature refuses every label
 * ({@code key-status-unverified}).
 */
class KeyCompromiseBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;

    static LocalServer server;
    static Wiring wiring;
    static ChromeDriverService service;
    static ChromeDriver driver;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        SiteBrowserTest.requireExecutable(SiteBrowserTest.CHROMIUM, "chromium");
        SiteBrowserTest.requireExecutable(SiteBrowserTest.CHROMEDRIVER, "chromedriver");
        System.setProperty("webdriver.chrome.driver", SiteBrowserTest.CHROMEDRIVER);
        Path home = tmp.resolve("home");
        int port = ServeCommand.freePort();
        base = "http://127.0.0.1:" + port;
        wiring = Wiring.embedded(home, base, Clock.systemUTC());
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
                "--disable-default-apps",
                "--lang=en-US",
                "--window-size=480,1400",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
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

    static String issueAt(Instant at, int n) {
        return wiring.registryAt(Clock.fixed(at, ZoneOffset.UTC))
                .issue(ApplicationJson.parse(
                        Fixtures.starOneApplication("KEY-PAGE-" + n, List.of("KP-" + n), r -> "試験で確認")))
                .label()
                .record()
                .jws();
    }

    /** The verdict the page settles on, and the banner's text. */
    String[] verdict(String jws) {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCache", java.util.Map.of());
        driver.get(base + "/v#" + jws);
        try {
            return new WebDriverWait(driver, WAIT)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> {
                        var v = d.findElement(By.id("verdict"));
                        String kind = v.getAttribute("data-verdict");
                        return kind == null ? null : new String[] {kind, v.getText()};
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "the page never decided: "
                            + driver.manage().logs().get("browser").getAll(),
                    e);
        }
    }

    @Test
    void onlyLabelsLoggedBeforeTheCompromisePassAndABadDocumentRefusesAll() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant t = now.minus(Duration.ofHours(1));
        String before = issueAt(now.minus(Duration.ofHours(2)), 1);
        String kid = Kids.of(wiring.signer().publicKey());
        assertEquals("valid", verdict(before)[0], "no key withdrawn yet: the signed document lists none");

        wiring.compromiseKey(kid, t);
        String after = issueAt(now.minus(Duration.ofMinutes(30)), 2);
        String forged = new LabelSigner(wiring.signer(), true).sign(Fixtures.typicalJapanese());

        String[] ok = verdict(before);
        assertEquals("valid", ok[0], ok[1]);
        assertTrue(ok[1].contains("エントリ0") || ok[1].contains("entry 0"), ok[1]);
        for (String bad : List.of(after, forged)) {
            String[] v = verdict(bad);
            assertEquals("invalid", v[0], v[1]);
            assertTrue(v[1].contains("key-compromised"), v[1]);
        }

        Path doc = tmp.resolve("home").resolve("files").resolve(KeyStatus.KEY);
        String note = Files.readString(doc);
        int sig = note.lastIndexOf(' ') + 20; // inside the Ed25519 signature, past the key hash
        Files.writeString(
                doc, note.substring(0, sig) + (note.charAt(sig) == 'A' ? 'B' : 'A') + note.substring(sig + 1));
        String[] closed = verdict(before);
        assertEquals("invalid", closed[0], closed[1]);
        assertTrue(closed[1].contains("key-status-unverified"), closed[1]);
    }
}
