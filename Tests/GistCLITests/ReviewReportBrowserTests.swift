import Foundation
import Testing
@testable import GistCLI

/// The HTML committee report opened in a real headless Chromium (Debian `chromium`,
/// installed by .ci/install-deps): the rendered document has every per-code section and the
/// flowchart as SVG with the edited branches marked. Skipped, saying so, only when Chromium
/// cannot run here.
@Suite struct ReviewReportBrowserTests {
    static let chromium: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name).path
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    /// The DOM Chromium builds from a page, or nil when it does not run.
    static func dumpDOM(_ page: URL) -> String? {
        guard let chromium else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.absoluteString]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 && !data.isEmpty ? String(decoding: data, as: UTF8.self) : nil
    }

    static func occurrences(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (.ci/install-deps installs it): the report is not opened in a browser"))
    func reportRendersInChromium() throws {
        let folder = try TemporaryFolder()
        let r = gist(["diff", "guidelines/acs-2017.gist", "guidelines/gist-2025.gist", "--format", "html",
                      "--cases", "examples/cases/cohort.csv"], in: DiffGoldenTests.repository)
        #expect(r.code == 0, "\(r.err)")
        let page = try folder.write("report.html", r.out)
        // Self-contained: nothing to fetch.
        #expect(!r.out.contains("http://") || !r.out.contains("src=\"http"))
        #expect(!r.out.contains("<script"))
        let dom = try #require(Self.dumpDOM(page), "chromium is installed but did not render the page")
        let sections = Self.occurrences("<section class=\"code\">", in: dom)
        let headings = Self.occurrences("<h3>", in: dom)
        #expect(sections > 10 && sections == headings, "\(sections) code sections")
        for id in ["declarations", "edits", "codes", "cohort", "flowchart"] { #expect(dom.contains("id=\"\(id)\""), "no \(id) section") }
        #expect(dom.contains("<svg"), "no SVG in the rendered document")
        #expect(Self.occurrences("class=\"node\"", in: dom) > 20, "the flowchart has too few nodes")
        #expect(dom.contains("#c0392b"), "no edited branch is marked")
    }
}
