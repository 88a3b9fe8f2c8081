package org.flowvault.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium,
 * pointed at one server. Without the browser the calling test is skipped with a message saying
 * what to install — unless {@code FLOWVAULT_TEST_BROWSER=required} (as {@code .ci/run} sets it),
 * where a missing browser fails. {@link #assertAccessible} injects axe-core (installed by
 * {@code scripts/test-prereqs} under {@code server/src/test/node}) and fails on serious or critical
 * violations; {@link #screenshot} saves a PNG under {@code server/target/screenshots}.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("FLOWVAULT_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("FLOWVAULT_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path AXE = Path.of("src/test/node/node_modules/axe-core/axe.min.js");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A fresh browser (own profile, no cookies) for the server at {@code base}, e.g. {@code http://127.0.0.1:4711}. */
    public static Browser open(String base) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String message = "headless Chromium is needed for the web UI tests: apt-get install chromium chromium-driver "
                    + "(looked for " + CHROMIUM + " and " + CHROMEDRIVER + ")";
            if ("required".equals(System.getenv("FLOWVAULT_TEST_BROWSER"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--disable-extensions", "--no-first-run", "--disable-background-networking");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, base);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Loads {@code path} (relative to the server) and waits for the document. */
    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** The current path and query, without the server part. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    /** Signs in through the sign-in page as {@code username}. */
    public Browser signIn(String username, String password) {
        go("/signin");
        find("#username").sendKeys(username);
        find("#password").sendKeys(password);
        find("form[action='/signin'] button[type=submit]").click();
        waitFor(d -> !path().startsWith("/signin") || !driver.findElements(By.id("signin-error")).isEmpty());
        return this;
    }

    public WebElement find(String css) {
        return wait(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /**
     * The text of the element {@code css} once it is there, read again if the page replaced the
     * element in between (a form's answer loading over the page it was sent from).
     */
    public String text(String css) {
        return wait(Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(By.cssSelector(css)).getText());
    }

    /** The value of attribute {@code name} of the element {@code css}, read as {@link #text} is. */
    public String attribute(String css, String name) {
        return wait(Duration.ofSeconds(10)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(By.cssSelector(css)).getAttribute(name));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The visible text of the page's body. */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits up to 15 s for {@code condition}. */
    public void waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        wait(Duration.ofSeconds(15)).until(condition::apply);
    }

    public WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Saves a screenshot of the page as {@code target/screenshots/NAME.png}; returns its path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe-core on the current page and fails listing every serious or critical violation
     * (rule, impact and the first offending elements).
     */
    @SuppressWarnings("unchecked")
    public void assertAccessible() {
        String axe;
        try {
            axe = Files.readString(AXE);
        } catch (IOException e) {
            throw new IllegalStateException("axe-core is missing at " + AXE.toAbsolutePath()
                    + "; run scripts/test-prereqs (it runs npm ci in server/src/test/node)", e);
        }
        ((JavascriptExecutor) driver).executeScript(axe);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({"
                        + " id: v.id, impact: v.impact, help: v.help,"
                        + " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
                        + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        List<Map<String, Object>> violations = (List<Map<String, Object>>) result;
        List<Map<String, Object>> serious = violations.stream()
                .filter(v -> "serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))).toList();
        assertThat(serious).as("axe-core serious/critical violations on %s", path()).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
