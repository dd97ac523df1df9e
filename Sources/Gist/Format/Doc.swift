/// A small Wadler/Leijen-style layout language for `gist fmt`: the formatter describes where
/// a line may break, the renderer decides, for a given width, which breaks to take.
///
/// Comments are part of the document: a trailing comment ends its line (whatever comes next
/// starts a new one), an own-line comment sits on a line of its own. A group that holds a
/// comment in its middle therefore never renders flat.
indirect enum Doc: Sendable {
    /// Text without line breaks.
    case text(String)
    /// A space when flat, a line break when broken.
    case line
    /// Nothing when flat, a line break when broken.
    case softline
    /// Always a line break.
    case hardline
    case concat([Doc])
    /// Line breaks inside get `n` more columns of indentation.
    case nest(Int, Doc)
    /// Line breaks inside indent to the column where this starts.
    case align(Doc)
    /// Flat if it fits on the line, else broken. `forced` (it holds a hard line break or an
    /// own-line comment) means always broken.
    case group(Doc, forced: Bool)
    /// Content, separator, content, separator, …: each separator breaks only when the next
    /// content does not fit on the line.
    case fillSlice(ArraySlice<Doc>)
    /// Rendered flat whatever the width.
    case flat(Doc)
    /// `# …` at the end of the current line.
    case trailingComment(String)
    /// `# …` on a line of its own, after a blank line if `blankBefore` (and one is allowed).
    case ownLineComment(String, blankBefore: Bool)
    /// A blank line before the next line with content, unless it would follow an opening
    /// brace, another blank line or the start of the output.
    case blank
    /// Marks the current line as part of alignment group `id` (a table's rows).
    case tag(Int)
    /// Internal: the rest of a fill whose first content is already placed.
    case fillRest(ArraySlice<Doc>)

    static let empty = Doc.concat([])

    static func group(_ d: Doc) -> Doc { .group(d, forced: d.forcesBreak) }
    static func fill(_ parts: [Doc]) -> Doc { .fillSlice(parts[...]) }

    /// Whether the document holds something that can only be rendered broken.
    var forcesBreak: Bool {
        switch self {
        case .hardline, .ownLineComment: return true
        case .text, .line, .softline, .trailingComment, .blank, .tag, .flat: return false
        case .concat(let ds): return ds.contains { $0.forcesBreak }
        case .nest(_, let d), .align(let d): return d.forcesBreak
        case .group(_, let forced): return forced
        case .fillSlice(let ds), .fillRest(let ds): return ds.contains { $0.forcesBreak }
        }
    }
}

/// Renders a `Doc` to lines of at most `width` columns where the document allows.
struct DocRenderer {
    struct Line {
        var text: String
        var comment: String?
        var tag: Int?
    }

    let width: Int
    var lines: [Line] = []
    /// The line being written: its text (with indentation once it has content).
    var current = ""
    var currentIndent = 0
    var currentHasContent = false
    var currentComment: String?
    var currentTag: Int?
    /// A comment ended the line: the next content starts a new one, at `pendingIndent`.
    var pendingBreak = false
    var pendingIndent = 0
    var wantBlank = false
    /// The alignment group of the next line with content.
    var nextTag: Int?

    struct Item {
        var indent: Int
        var flat: Bool
        var doc: Doc
    }
    var stack: [Item] = []

    init(width: Int) { self.width = width }

    static func render(_ doc: Doc, width: Int) -> [Line] {
        var r = DocRenderer(width: width)
        r.stack = [Item(indent: 0, flat: false, doc: doc)]
        r.run()
        r.finishLine()
        return r.lines
    }

    var column: Int { currentHasContent ? current.count : currentIndent }

    mutating func finishLine() {
        if currentHasContent {
            lines.append(Line(text: current, comment: currentComment, tag: currentTag))
        }
        current = ""
        currentHasContent = false
        currentComment = nil
        currentTag = nil
    }

    mutating func newline(_ indent: Int) {
        finishLine()
        currentIndent = indent
        pendingBreak = false
    }

    /// Starts content on the current line, with a blank line before it when one was asked
    /// for and is allowed.
    mutating func startContent() {
        if wantBlank, let last = lines.last, !last.text.isEmpty, !last.text.hasSuffix("{") {
            lines.append(Line(text: "", comment: nil, tag: nil))
        }
        wantBlank = false
        current = String(repeating: " ", count: currentIndent)
        currentHasContent = true
    }

    mutating func emit(_ s: String, indent: Int) {
        if s.isEmpty { return }
        if pendingBreak {
            // Spaces between tokens vanish at the line break a comment made.
            if s.allSatisfy({ $0 == " " }) { return }
            newline(pendingIndent)
        }
        if !currentHasContent { startContent() }
        if let t = nextTag { currentTag = t; nextTag = nil }
        current += s
    }

    mutating func run() {
        while let item = stack.popLast() {
            let ind = item.indent
            switch item.doc {
            case .text(let s):
                emit(s, indent: ind)
            case .line:
                if item.flat {
                    if pendingBreak { newline(ind) } else if currentHasContent { current += " " }
                } else {
                    newline(ind)
                }
            case .softline:
                if !item.flat || pendingBreak { newline(ind) }
            case .hardline:
                newline(ind)
            case .concat(let ds):
                for d in ds.reversed() { stack.append(Item(indent: ind, flat: item.flat, doc: d)) }
            case .nest(let n, let d):
                stack.append(Item(indent: ind + n, flat: item.flat, doc: d))
            case .align(let d):
                stack.append(Item(indent: pendingBreak ? pendingIndent : column, flat: item.flat, doc: d))
            case .group(let d, let forced):
                if item.flat {
                    stack.append(Item(indent: ind, flat: true, doc: d))
                } else if forced {
                    stack.append(Item(indent: ind, flat: false, doc: d))
                } else {
                    let flat = fits([Item(indent: ind, flat: true, doc: d)], includeRest: true)
                    stack.append(Item(indent: ind, flat: flat, doc: d))
                }
            case .flat(let d):
                stack.append(Item(indent: ind, flat: true, doc: d))
            case .fillSlice(let parts):
                // parts: content, separator, content, …; the first content is placed now.
                if item.flat {
                    for d in parts.reversed() { stack.append(Item(indent: ind, flat: true, doc: d)) }
                    continue
                }
                guard let first = parts.first else { continue }
                if parts.count > 1 {
                    stack.append(Item(indent: ind, flat: false, doc: .fillRest(parts.dropFirst())))
                }
                let flat = fits([Item(indent: ind, flat: true, doc: first)], includeRest: parts.count == 1)
                stack.append(Item(indent: ind, flat: flat, doc: first))
            case .fillRest(let parts):
                // parts: separator, content, separator, content, …
                guard parts.count >= 2 else {
                    for d in parts.reversed() { stack.append(Item(indent: ind, flat: false, doc: d)) }
                    continue
                }
                let sep = parts[parts.startIndex], next = parts[parts.startIndex + 1]
                let pairFits = fits([Item(indent: ind, flat: true, doc: sep), Item(indent: ind, flat: true, doc: next)],
                                    includeRest: parts.count == 2)
                stack.append(Item(indent: ind, flat: false, doc: .fillSlice(parts.dropFirst())))
                stack.append(Item(indent: ind, flat: pairFits, doc: sep))
            case .trailingComment(let c):
                if currentHasContent, currentComment == nil {
                    currentComment = c
                } else {
                    if pendingBreak || currentHasContent { newline(ind) }
                    startContent()
                    current += c
                }
                pendingBreak = true
                pendingIndent = ind
            case .ownLineComment(let c, let blankBefore):
                if currentHasContent || pendingBreak { newline(ind) }
                if blankBefore { wantBlank = true }
                startContent()
                current += c
                pendingBreak = true
                pendingIndent = ind
            case .blank:
                wantBlank = true
            case .tag(let id):
                nextTag = id
            }
        }
    }

    /// Whether `items`, laid out flat, fit on the rest of the current line — followed, when
    /// `includeRest`, by what is already on the stack up to its next line break.
    func fits(_ items: [Item], includeRest: Bool) -> Bool {
        // After a comment the content starts on a new line.
        var remaining = pendingBreak ? width - pendingIndent : width - column
        var needBreak = false
        // (item, measured): measured items are the ones asked about, laid out flat.
        var work: [(Item, Bool)] = items.reversed().map { ($0, true) }
        var restIndex = stack.count - 1
        while true {
            if work.isEmpty {
                guard includeRest, restIndex >= 0 else { return true }
                work.append((stack[restIndex], false))
                restIndex -= 1
            }
            guard let (item, measured) = work.popLast() else { return true }
            switch item.doc {
            case .text(let s):
                if s.isEmpty { continue }
                if needBreak { return false }
                remaining -= s.count
                if remaining < 0 { return false }
            case .line, .softline:
                if !item.flat { return true }
                if needBreak { return false }
                if case .line = item.doc { remaining -= 1 }
                if remaining < 0 { return false }
            case .hardline:
                if measured { return false }
                return true
            case .concat(let ds):
                for d in ds.reversed() { work.append((Item(indent: item.indent, flat: item.flat, doc: d), measured)) }
            case .nest(let n, let d):
                work.append((Item(indent: item.indent + n, flat: item.flat, doc: d), measured))
            case .align(let d):
                work.append((Item(indent: item.indent, flat: item.flat, doc: d), measured))
            case .group(let d, let forced):
                // Measured groups are flat (a forced one cannot be); a group further on keeps
                // its parent's mode, as it will be decided only when it is reached.
                if forced, measured { return false }
                work.append((Item(indent: item.indent, flat: measured ? true : (item.flat && !forced), doc: d), measured))
            case .flat(let d):
                work.append((Item(indent: item.indent, flat: true, doc: d), measured))
            case .fillSlice(let ds):
                for d in ds.reversed() { work.append((Item(indent: item.indent, flat: item.flat, doc: d), measured)) }
            case .fillRest:
                return true
            case .trailingComment:
                needBreak = true
            case .ownLineComment:
                return !measured
            case .blank, .tag:
                continue
            }
        }
    }
}

extension DocRenderer {
    /// The lines as text, with trailing comments aligned: the rows of one table share a
    /// comment column; elsewhere, runs of consecutive lines with trailing comments do.
    static func text(of lines: [Line]) -> String {
        guard !lines.isEmpty else { return "" }
        var column = [Int?](repeating: nil, count: lines.count)
        var tagWidth: [Int: Int] = [:]
        for l in lines { if let t = l.tag { tagWidth[t] = max(tagWidth[t] ?? 0, l.text.count) } }
        var i = 0
        while i < lines.count {
            if lines[i].comment == nil { i += 1; continue }
            if let t = lines[i].tag, let w = tagWidth[t] { column[i] = w + 2; i += 1; continue }
            var j = i
            var w = 0
            while j < lines.count, lines[j].comment != nil, lines[j].tag == nil { w = max(w, lines[j].text.count); j += 1 }
            for k in i..<j { column[k] = w + 2 }
            i = j
        }
        var out = ""
        for (k, l) in lines.enumerated() {
            var s = l.text
            if let c = l.comment {
                let col = column[k] ?? (s.count + 2)
                s += String(repeating: " ", count: max(1, col - s.count)) + c
            }
            while s.last == " " { s.removeLast() }
            out += s + "\n"
        }
        return out
    }
}
