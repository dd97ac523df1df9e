import Gist

/// Converts between the byte offsets gist's spans use and LSP positions (0-based line, UTF-16
/// code units within the line).
struct LineMap {
    let file: SourceFile
    /// Byte offsets where lines start.
    let starts: [Int]

    init(_ file: SourceFile) {
        self.file = file
        var starts = [0]
        for (i, b) in file.bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.starts = starts
    }

    func position(_ offset: Int) -> Position {
        let offset = max(0, min(offset, file.bytes.count))
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let prefix = String(decoding: file.bytes[starts[lo]..<offset], as: UTF8.self)
        return Position(line: lo, character: prefix.utf16.count)
    }

    func range(_ span: Span) -> LSPRange { LSPRange(start: position(span.start), end: position(span.end)) }

    /// The byte offset of a position; positions past a line's end clamp to it.
    func offset(_ p: Position) -> Int {
        guard p.line >= 0 else { return 0 }
        guard p.line < starts.count else { return file.bytes.count }
        let start = starts[p.line]
        let end = p.line + 1 < starts.count ? starts[p.line + 1] - 1 : file.bytes.count
        var units = 0, k = start
        for scalar in String(decoding: file.bytes[start..<end], as: UTF8.self).unicodeScalars {
            if units >= p.character { break }
            units += scalar.utf16.count
            k += scalar.utf8.count
        }
        return min(k, end)
    }
}
