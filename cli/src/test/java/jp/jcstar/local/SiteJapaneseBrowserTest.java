package jp.jcstar.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import jp.jcstar.functions.Wiring;
import jp.jcstar.requirements.RequirementCategory;
import jp.jcstar.requirements.RequirementsCatalogue;
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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The site in Japanese in a real headless Chromium (phone width): the requirements page names its
 * categories in Japanese; the search form finds 「ルータ」 when 「ルーター」 is typed and opens a label from
 * its registration number as typed; star levels are written ☆n; the product page shows the history.
 */
class SiteJapaneseBrowserTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path tmp;

    static LocalServer server;
    static Wiring wiring;
    static ChromeDriverService service;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        SiteBrowserTest.requireExecutable(SiteBrowserTest.CHROMIUM, "chromium");
        SiteBrowserTest.requireExecutable(SiteBrowserTest.CHROMEDRIVER, "chromedriver");
        System.setProperty("webdriver.chrome.driver", SiteBrowserTest.CHROMEDRIVER);
        Path home = tmp.resolve("home");
        int port = ServeCommand.freePort();
        wiring = Wiring.embedded(home, "http://127.0.0.1:" + port, Clock.systemUTC());
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
                "--disable-default-apps",
                "--lang=ja-JP",
                "--window-size=390,1400",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
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

    @AfterEach
    void noScriptErrors() {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                // the lookup of an unknown registration number is a 404 on purpose
                .filter(m -> !(m.contains("/v1/labels/JC26-ZZZZZZZZ") && m.contains("404")))
                .toList();
        assertEquals(List.of(), errors, "the browser console has errors");
    }

    static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    static void open(String path) {
        driver.get("about:blank");
        driver.get(base() + path);
    }

    static void until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT).until(condition::apply);
    }

    /** The search page has finished loading its results. */
    static boolean idle() {
        return Boolean.TRUE.equals(
                driver.executeScript("return !document.getElementById('results').hasAttribute('aria-busy')"
                        + " && document.getElementById('results-status').textContent !== ''"));
    }

    @Test
    void aProblemTypeOpensItsExplanationAndTheAboutPageReadsInJapanese() {
        open("/problems/unknown-parameter");
        until(d ->
                !d.findElements(By.cssSelector("#problems dt.problem-current")).isEmpty());
        assertEquals(
                "unknown-parameter",
                driver.findElement(By.cssSelector("#problems dt.problem-current"))
                        .getAttribute("id"));
        assertTrue(driver.findElement(By.cssSelector("#problems dd.problem-current"))
                .getText()
                .contains("検索が知らないパラメータ"));
        open("/about.html");
        until(d -> !d.findElement(By.id("verdicts-title")).getText().isEmpty());
        assertEquals("確認結果の意味", driver.findElement(By.id("verdicts-title")).getText());
        assertEquals(
                8,
                driver.findElements(By.cssSelector("#verdicts dt")).stream()
                        .filter(e -> !e.getText().isEmpty())
                        .count());
        assertEquals("疑わしいラベルの報告", driver.findElement(By.id("report-title")).getText());
    }

    @Test
    void theRequirementsPageInJapaneseNamesItsCategoriesInJapanese() {
        open("/requirements.html");
        until(d -> d.findElements(By.cssSelector("#requirements section.req-category h2"))
                        .size()
                >= 18);
        assertEquals("ja", driver.findElement(By.tagName("html")).getAttribute("lang"));
        List<String> headings = driver.findElements(By.cssSelector("#requirements section.req-category h2")).stream()
                .map(WebElement::getText)
                .toList();
        List<RequirementCategory> cats = RequirementsCatalogue.get().categories();
        for (int i = 0; i < cats.size(); i++) {
            RequirementCategory c = cats.get(i);
            assertEquals("カテゴリ" + c.number() + " — " + c.nameJa(), headings.get(i));
            assertFalse(headings.get(i).contains(c.name()), headings.get(i));
        }
        String status = driver.findElement(By.id("req-status")).getText();
        assertTrue(status.matches("\\d+件の要件"), status);
        assertEquals(
                "☆1の要件のみ表示",
                driver.findElement(By.cssSelector("label[for=star-one]")).getText());
    }

    @Test
    void searchFindsRouterAsTypedWithTheProlongedSoundMarkAndShowsLevelsAsStarN() {
        open("/");
        until(d -> idle());
        WebElement product = driver.findElement(By.id("f-product"));
        product.sendKeys("ルーター");
        driver.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        until(d -> "ルーター".equals(driver.executeScript("return new URLSearchParams(location.search).get('product')"))
                && idle());
        List<String> products = driver.findElements(By.cssSelector("#results li.result h3")).stream()
                .map(WebElement::getText)
                .toList();
        assertTrue(products.containsAll(List.of("無線LANルータ TN-WR5400", "ブロードバンドルータ RT-100")), products.toString());
        List<String> levels = driver.findElements(By.cssSelector("#results li.result .stars")).stream()
                .map(WebElement::getText)
                .toList();
        assertFalse(levels.isEmpty());
        for (String l : levels) assertTrue(l.matches("☆[1-4]"), levels.toString());
        assertEquals(
                "レベル", driver.findElement(By.cssSelector("label[for=f-level]")).getText());
    }

    @Test
    void aRegistrationNumberAsTypedOpensTheLabelPageWithItsHistory() {
        String id = wiring.registry()
                .store()
                .findByApplication("DEMO-0011")
                .orElseThrow()
                .id(); // the revoked demo label
        open("/");
        until(d -> idle());
        driver.findElement(By.id("f-regno"))
                .sendKeys(id.toLowerCase(Locale.ROOT).replace("-", " "));
        driver.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        until(d -> d.getCurrentUrl().contains("label.html?id=" + id)
                && !d.findElements(By.cssSelector("#history li")).isEmpty());
        String main = driver.findElement(By.tagName("main")).getText();
        assertTrue(main.contains("おしゃべりロボ AK-1"), main);
        List<String> history = driver.findElements(By.cssSelector("#history li")).stream()
                .map(WebElement::getText)
                .toList();
        assertEquals(2, history.size(), history.toString());
        assertTrue(history.get(0).contains("登録（有効）"), history.toString());
        assertTrue(history.get(1).contains("失効") && history.get(1).contains("理由: 要件への不適合"), history.toString());
        assertFalse(
                main.contains("demo:operator") || main.contains("初期パスワード"),
                "who and the note are for the operator only");
        assertTrue(driver.findElement(By.cssSelector(".label-head .stars"))
                .getText()
                .matches("☆1"));
        assertTrue(
                driver.findElements(By.cssSelector("ul.downloads a")).isEmpty(), "no print files for a revoked label");
        assertTrue(driver.findElement(By.cssSelector(".downloads-refused"))
                .getText()
                .contains("ダウンロードできません"));
        String valid = wiring.registry()
                .store()
                .findByApplication("DEMO-0005")
                .orElseThrow()
                .id();
        open("/label.html?id=" + valid);
        // read in one script: the page draws its sections again once the transparency-log proof is checked
        String pdf = new WebDriverWait(driver, WAIT)
                .until(
                        d -> (String)
                                ((org.openqa.selenium.JavascriptExecutor) d)
                                        .executeScript(
                                                "const a = document.querySelectorAll('ul.downloads a'); return a.length === 4 ? a[3].getAttribute('href') : null;"));
        assertTrue(pdf.endsWith("/artwork.svg?format=pdf"), pdf);

        open("/");
        until(d -> idle());
        driver.findElement(By.id("f-regno")).sendKeys("JC26-ZZZZZZZZ");
        driver.findElement(By.cssSelector("#search-form button[type=submit]")).click();
        until(d -> d.findElement(By.id("results-status")).getText().contains("登録番号 JC26-ZZZZZZZZ のラベルは登録簿にありません"));
    }
}
