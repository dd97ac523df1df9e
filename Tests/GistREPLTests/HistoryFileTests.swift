import Foundation
import Testing
@testable import GistREPL

/// The history file: location, bound, and sessions writing at the same time.
@Suite struct HistoryFileTests {
    @Test func location() {
        #expect(HistoryFile.defaultPath(environment: ["GIST_HISTORY": "/x/h", "HOME": "/home/u"]) == "/x/h")
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/u"]) == "/s/gist/history")
        // A relative XDG_STATE_HOME is invalid per the spec and ignored.
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "s", "HOME": "/home/u"]) == "/home/u/.local/state/gist/history")
        #expect(HistoryFile.defaultPath(environment: [:]) == nil)
    }

    @Test func appendsLoadsAndStaysBounded() throws {
        let dir = try TemporaryFolder()
        let h = HistoryFile(path: dir.url.path + "/state/gist/history", limit: 5)
        #expect(h.load().isEmpty)
        for i in 1...8 { try h.append("entry \(i)") }
        try h.append("   ")
        try h.append("two\nlines")
        #expect(h.load() == ["entry 5", "entry 6", "entry 7", "entry 8", "two lines"])
        let mode = try FileManager.default.attributesOfItem(atPath: h.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// Two writers at once (separate open file descriptions, as two processes would have):
    /// no line is lost or torn, and the bound still holds.
    @Test func concurrentWritersLoseNothing() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.path + "/history"
        let big = HistoryFile(path: path, limit: 10_000)
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            for i in 0..<150 { try? big.append("writer \(writer) line \(i) " + String(repeating: "x", count: 200)) }
        }
        let lines = big.load()
        #expect(lines.count == 600)
        #expect(Set(lines).count == 600)
        #expect(lines.allSatisfy { $0.hasPrefix("writer ") && $0.hasSuffix(String(repeating: "x", count: 200)) })

        let small = HistoryFile(path: dir.url.path + "/bounded", limit: 50)
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            for i in 0..<100 { try? small.append("w\(writer) \(i)") }
        }
        let kept = small.load()
        #expect(kept.count == 50)
        let raw = try String(contentsOfFile: small.path, encoding: .utf8)
        #expect(raw.split(separator: "\n").count == 50)
        #expect(raw.split(separator: "\n").allSatisfy { $0.range(of: #"^w[0-3] \d+$"#, options: .regularExpression) != nil })
        // Each writer's own lines stay in order.
        for w in 0..<4 {
            let mine = kept.filter { $0.hasPrefix("w\(w) ") }.compactMap { Int($0.split(separator: " ")[1]) }
            #expect(mine == mine.sorted())
        }
    }
}
