package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.Fixtures;
import jp.jcstar.log.Tiles;
import jp.jcstar.registry.ApplicationJson;
import jp.jcstar.registry.Registry;
import jp.jcstar.status.RevocationReason;
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
 * The product page in headless Chromium shows "logged as entry N" and verifies the inclusion proof
 * (registry-site/site/assets/tlog.js, WebCrypto Ed25519 and SHA-256) against the checkpoint and tiles the
 * Java publisher wrote; a tile changed on the server makes the proof fail, visibly.
 */
class LogProofBrowserTest {
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

    static String issue(int n) {
        return wiring.registry()
                .issue(ApplicationJson.parse(
                        Fixtures.starOneApplication("LOG-PAGE-" + n, List.of("LP-" + n), r -> "試験で確認")))
                .label()
                .id();
    }

    /** The log line's state and the log section's text, once the page has decided. */
    String[] logLine(String id) {
        driver.get(base + "/label.html?id=" + id);
        try {
            // the page renders again when the history arrives: read both in one go, again if it went stale
            return new WebDriverWait(driver, WAIT)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> {
                        var found = d.findElements(By.cssSelector("#transparency-log [data-log]"));
                        if (found.isEmpty()
                                || "checking".equals(found.getFirst().getAttribute("data-log"))) return null;
                        return new String[] {
                            found.getFirst().getAttribute("data-log"),
                            d.findElement(By.id("transparency-log")).getText()
                        };
                    });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "the page never decided: "
                            + driver.findElement(By.id("label-page")).getText() + "\n"
                            + driver.manage().logs().get("browser").getAll(),
                    e);
        }
    }

    @Test
    void theProductPageProvesTheLabelsEntryAndNoticesATamperedTile() throws Exception {
        String first = issue(1);
        String second = issue(2);
        wiring.registry()
                .change(first, Registry.Action.REVOKE, RevocationReason.FRAUDULENT, null, "ipa-operator", "test");
        issue(3);

        String[] line = logLine(second);
        assertEquals("proved", line[0], line[1]);
        assertTrue(line[1].contains("透明性ログの1番目の記録"), line[1]);
        assertTrue(line[1].contains("署名付きチェックポイント（4件）"), line[1]);

        // the hash tile the proof reads, changed on the server: the signed root no longer matches
        Path tile = tmp.resolve("home").resolve("files").resolve(Tiles.tile(0, 0, 4));
        byte[] b = Files.readAllBytes(tile);
        b[0] ^= 1;
        Files.write(tile, b);
        driver.executeCdpCommand(
                "Network.clearBrowserCache",
                java.util.Map.of()); // tiles are immutable: a visitor who never saw the genuine one
        String[] failed = logLine(second);
        assertEquals("failed", failed[0], failed[1]);
        assertTrue(failed[1].contains("is not in the signed tree of 4"), failed[1]);
    }
}
