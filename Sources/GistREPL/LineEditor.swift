import CEditLineShim
import Foundation

/// Line editing on a terminal through libedit: emacs keys (or whatever ~/.editrc says),
/// history recall and search, Tab completion, Ctrl-C to drop the line.
///
/// libedit keeps one state per editor and is not thread-safe, so the editor lives on the
/// REPL's thread only (it is not `Sendable`).
public final class LineEditor: LineReader {
    let editor: OpaquePointer
    let history: HistoryFile?
    let complete: (String) -> Completion
    /// Where history writes failed, reported once rather than on every entry.
    var historyWarning: ((String) -> Void)?
    var warnedAboutHistory = false

    /// Opens libedit on the terminal and loads the history. Nil when libedit cannot start.
    public init?(history: HistoryFile?, complete: @escaping (String) -> Completion, warn: @escaping (String) -> Void) {
        guard let e = gist_el_open("gist", Int32(history?.limit ?? 1000)) else { return nil }
        editor = e
        self.history = history
        self.complete = complete
        self.historyWarning = warn
        // The callback reaches this object through the context pointer; libedit calls it
        // only during `read`, while `self` is alive.
        gist_el_set_completer(e, { context, editor, before in
            guard let context, let editor, let before else { return Int32(GIST_EL_BEEP) }
            let me = Unmanaged<LineEditor>.fromOpaque(context).takeUnretainedValue()
            return me.tab(editor, String(cString: before))
        }, Unmanaged.passUnretained(self).toOpaque())
        for entry in history?.load() ?? [] { gist_el_history_add(e, entry) }
    }

    deinit { gist_el_close(editor) }

    public func read(prompt: String) -> LineRead {
        gist_el_set_prompt(editor, prompt)
        var line: UnsafePointer<CChar>?
        var length: Int32 = 0
        switch gist_el_read(editor, &line, &length) {
        case 1:
            guard let line else { return .end }
            // The buffer is reused by the next read: copy it now. `length` counts bytes.
            var text = String(decoding: UnsafeRawBufferPointer(start: line, count: Int(length)), as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return .line(text)
        case -1: return .interrupted
        default: return .end
        }
    }

    public func remember(_ entry: String) {
        guard !entry.allSatisfy({ $0 == " " || $0 == "\t" }) else { return }
        gist_el_history_add(editor, entry)
        guard let history else { return }
        do { try history.append(entry) } catch {
            if !warnedAboutHistory { historyWarning?("gist: history not saved: \(error)\n") }
            warnedAboutHistory = true
        }
    }

    /// Tab: indent when only blanks precede the cursor (pasted text with tabs), else
    /// complete — insert what all candidates share, or list them when they share no more.
    func tab(_ editor: OpaquePointer, _ before: String) -> Int32 {
        if before.allSatisfy({ $0 == " " || $0 == "\t" }) {
            gist_el_insert(editor, "  ")
            return Int32(GIST_EL_REFRESH)
        }
        let (text, list) = complete(before).insertion()
        if !text.isEmpty {
            gist_el_insert(editor, text)
            return Int32(GIST_EL_REFRESH)
        }
        guard !list.isEmpty else { return Int32(GIST_EL_BEEP) }
        writeOut("\n" + columns(list))
        return Int32(GIST_EL_REDISPLAY)
    }

    /// Candidates in columns across an 80-column terminal.
    func columns(_ items: [String]) -> String {
        let width = (items.map(\.count).max() ?? 0) + 2
        let perLine = max(1, 80 / width)
        var out = ""
        for (i, item) in items.enumerated() {
            out += (i % perLine == perLine - 1 || i == items.count - 1) ? item + "\n" : item.padding(to: width)
        }
        return out
    }

    func writeOut(_ s: String) {
        let bytes = Array(s.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return write(1, base + offset, buffer.count - offset)
            }
            if n <= 0 { return }
            offset += n
        }
    }
}
