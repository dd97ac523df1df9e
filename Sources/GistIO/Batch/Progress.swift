import Foundation

/// "12,345 records" on the console's standard error, updated in place, when it is a terminal
/// and the run has taken more than a second.
struct Progress {
    let console: Console
    let start = DispatchTime.now().uptimeNanoseconds
    var lastShown: UInt64 = 0
    var shown = false

    init(console: Console) { self.console = console }

    mutating func update(records: Int) {
        guard console.errIsTerminal else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - start > 1_000_000_000, now - lastShown > 200_000_000 else { return }
        lastShown = now
        shown = true
        let rate = Double(records) / (Double(now - start) / 1e9)
        console.status("\r\u{1B}[K\(Self.grouped(records)) records (\(Self.grouped(Int(rate)))/s)…")
    }

    mutating func clear() {
        guard shown else { return }
        shown = false
        console.status("\r\u{1B}[K")
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
