import Gist

/// The REPL's own commands. They start with `:` (a rule language may want `.` and `\`
/// itself) and may be shortened to any unambiguous prefix, as in GHCi: `:sh` is `:show`.
enum Command: String, CaseIterable {
    case help, load, source, reload, cases, show, why, whynot, set, unset, inputs, diff, save, quit

    var usage: String {
        switch self {
        case .help: return ":help [COMMAND]"
        case .load: return ":load FILE"
        case .source: return ":source FILE"
        case .reload: return ":reload"
        case .cases: return ":cases"
        case .show: return ":show CASE"
        case .why: return ":why CASE [CODE]"
        case .whynot: return ":whynot CASE CODE"
        case .set: return ":set CASE.INPUT = VALUE"
        case .unset: return ":unset CASE.INPUT"
        case .inputs: return ":inputs"
        case .diff: return ":diff OTHER.gist"
        case .save: return ":save FILE"
        case .quit: return ":quit"
        }
    }

    var summary: String {
        switch self {
        case .help: return "list the commands, or explain one"
        case .load: return "load a guideline (cases are kept)"
        case .source: return "run a script: its guideline, cases and expectations (re-checked)"
        case .reload: return "re-read the loaded guideline and show how the cases' results changed"
        case .cases: return "list the cases with their recommendations"
        case .show: return "a case's inputs, derived values and recommendations"
        case .why: return "the conditions that led to each recommendation (or to CODE)"
        case .whynot: return "why CASE did not get CODE, and the smallest input changes that would give it"
        case .set: return "change one input of a case and show what changes"
        case .unset: return "make one input of a case unknown and show what changes"
        case .inputs: return "the guideline's inputs: types, units, defaults, ranges, notes"
        case .diff: return "compare the loaded guideline with another revision on the cases"
        case .save: return "write the cases and expectations as a script for gist test"
        case .quit: return "leave (Ctrl-D on an empty line does the same)"
        }
    }

    var details: String {
        switch self {
        case .help:
            return "Without an argument, lists the commands and the statements; with one, explains that command."
        case .load:
            return """
            Loads a guideline, like 'use "FILE"'. Cases already defined are kept and evaluated \
            against the new guideline. FILE may be quoted.
            """
        case .source:
            return """
            Runs the statements of a script (a saved session, a test script): loads the guideline \
            it uses, defines its cases and checks its expectations again, printing only the ones \
            that fail and a summary. The cases and expectations then belong to the session, so \
            an exploration can be resumed and saved again. 'gist repl FILE' does the same first.
            """
        case .reload:
            return """
            Re-reads the loaded guideline from disk (after you edited it). The cases are kept; for \
            each case whose results change, prints the codes added (+) and removed (-), and changed \
            derived values (~). If the file now has errors, they are shown and the previous \
            version stays loaded.
            """
        case .cases:
            return "Lists every case, in the order defined, with its recommendations and undetermined codes."
        case .show:
            return """
            Shows a case's inputs (given, changed with :set, default or unknown), its derived values \
            (lets and tables) and its recommendations.
            """
        case .why:
            return """
            For each recommendation of the case (or only CODE), the chain of conditions that led to \
            it, with the case's values. For a code that is not recommended, the conditions on the \
            way to it that fail or are unknown.
            """
        case .whynot:
            return """
            For a code the case did not get: the conditions on the way to it that fail or are \
            unknown, and the smallest changes of the case's inputs that would give it, computed \
            exactly from the regions of the input space where the code is recommended.
            """
        case .set:
            return """
            Changes one input of a case, e.g. ':set small.size = 6 cm'. The value is checked like a \
            case field (type, unit, range). Prints the change in the case's results.
            """
        case .unset:
            return "Makes one input of a case unknown (even if it has a default) and prints the change."
        case .inputs:
            return "Lists the loaded guideline's inputs with type, unit, default, allowed range and doc comment."
        case .diff:
            return """
            Evaluates every case on the loaded guideline and on OTHER.gist and prints, per case, the \
            codes added (+) and removed (-) by OTHER. Inputs OTHER does not have are noted and \
            ignored. This compares the session's cases only; 'gist diff' compares all inputs.
            """
        case .save:
            return """
            Writes a script with a 'use' of the loaded guideline, every case with the inputs it \
            gives, an expectation of its results, and the expectations typed in this session \
            that hold for the case as saved (the others are left out with a note). An input \
            unset with ':unset' that has a default is saved as its default. 'gist test FILE' \
            passes it as saved. The file is replaced atomically.
            """
        case .quit:
            return "Leaves the REPL. The history is already saved."
        }
    }

    /// The command a typed name means: an exact name, else the only command it prefixes.
    static func resolve(_ name: String) -> Result<Command, ResolveError> {
        if let c = Command(rawValue: name) { return .success(c) }
        // Common spellings from other REPLs.
        if name == "q" || name == "exit" { return .success(.quit) }
        if name == "h" || name == "?" { return .success(.help) }
        let matches = allCases.filter { $0.rawValue.hasPrefix(name) }
        if matches.count == 1, !name.isEmpty { return .success(matches[0]) }
        return .failure(ResolveError(name: name, candidates: name.isEmpty ? [] : matches))
    }

    struct ResolveError: Error {
        let name: String
        let candidates: [Command]
    }
}

/// A word of a command line with its byte span in the entry, so errors can point at it.
struct Word {
    let text: String
    let span: Span
}

extension Word {
    /// Splits text at blanks and line breaks; a word in double quotes may contain blanks (the
    /// quotes are dropped). `offset` is the byte offset of `text` in its entry.
    static func split(_ text: Substring, offset: Int) -> [Word] {
        var words: [Word] = []
        let bytes = Array(text.utf8)
        func blank(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        var i = 0
        while i < bytes.count {
            while i < bytes.count, blank(bytes[i]) { i += 1 }
            guard i < bytes.count else { break }
            let start = i
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += 1 }
                let inner = String(decoding: bytes[(start + 1)..<i], as: UTF8.self)
                if i < bytes.count { i += 1 }
                words.append(Word(text: inner, span: Span(offset + start, offset + i)))
            } else {
                while i < bytes.count, !blank(bytes[i]) { i += 1 }
                words.append(Word(text: String(decoding: bytes[start..<i], as: UTF8.self), span: Span(offset + start, offset + i)))
            }
        }
        return words
    }
}
