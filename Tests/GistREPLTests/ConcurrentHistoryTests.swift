import Foundation
import Testing

/// Two `gist repl` sessions on their own terminals, typing at the same time into one history
/// file: every line of both is kept once, whole, and each session's lines stay in order.
@Suite(.serialized) struct ConcurrentHistoryTests {
    @Test func twoSessionsAtOnceLoseNoHistory() throws {
        let gist = try #require(PseudoTerminal.gist, "the gist executable was not built next to the tests")
        let home = try TerminalTests.Home()
        let arguments = ["repl", TerminalTests.guideline]
        let a = try PseudoTerminal(gist, arguments: arguments, environment: home.environment)
        let b = try PseudoTerminal(gist, arguments: arguments, environment: home.environment)
        a.expect("gist>")
        b.expect("gist>")
        // Lines typed ahead in bursts to both terminals, so both sessions append at once.
        let lines = 60, burst = 10
        for start in stride(from: 0, to: lines, by: burst) {
            let range = start..<min(lines, start + burst)
            a.send(range.map { "\($0) mm + 1 mm\r" }.joined())
            b.send(range.map { "\($0) mm + 2 mm\r" }.joined())
            // The last line of the burst answered on both: `k mm + 1 mm` is `k+1 mm`.
            a.expect("\(range.upperBound) mm")
            b.expect("\(range.upperBound + 1) mm")
        }
        for t in [a, b] {
            t.settle()
            t.send(TerminalTests.ctrlD)
            #expect(t.waitForExit() == 0)
        }
        let saved = try String(contentsOfFile: home.history, encoding: .utf8)
        let entries = saved.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let fromA = (0..<lines).map { "\($0) mm + 1 mm" }, fromB = (0..<lines).map { "\($0) mm + 2 mm" }
        #expect(saved.hasSuffix("\n"))
        #expect(entries.count == 2 * lines, "\(entries.count) entries:\n\(saved)")
        #expect(Set(entries) == Set(fromA + fromB))
        #expect(entries.filter { $0.hasSuffix("+ 1 mm") } == fromA)
        #expect(entries.filter { $0.hasSuffix("+ 2 mm") } == fromB)
    }
}
