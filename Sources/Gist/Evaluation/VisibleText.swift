extension String {
    /// The text with each character found in `replacements` written as its replacement
    /// (string quoting for DOT and scripts, entities for HTML).
    public func replacing(_ replacements: [Character: String]) -> String {
        var out = ""
        for ch in self {
            if let r = replacements[ch] { out += r } else { out.append(ch) }
        }
        return out
    }

    /// Backslash escapes for a double-quoted string in DOT or a gist script.
    public static let quoteEscapes: [Character: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n"]

    /// The text with characters that would act on a terminal or hide themselves written as
    /// escapes: `\n`, `\r`, `\t`, and `\u001b` for the other control characters (C0, DEL, C1),
    /// bidirectional overrides and the byte-order mark. A record id with a line break or an
    /// escape sequence then cannot forge or restyle lines of a report or an error message.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.needsEscape) else { return self }
        var out = ""
        for s in unicodeScalars {
            guard Self.needsEscape(s) else {
                out.unicodeScalars.append(s)
                continue
            }
            switch s {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
        }
        return out
    }

    static func needsEscape(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F..<0xA0: return true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }
}
