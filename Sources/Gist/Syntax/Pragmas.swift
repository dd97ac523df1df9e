/// Silencing a finding on one line with a reason a reviewer can read:
///
///     when size < 1 mm { … }   # gist:ignore unreachable-branch: kept for symmetry with v2
///
/// The pragma applies to findings on its own line or, when it stands alone on a line, on the
/// next line. A pragma without a reason does not silence anything and is itself reported.
public enum Pragmas {
    struct Pragma { let line: Int; let ids: [String]; let reason: String; let range: SourceRange; var used = false }

    /// `diagnostics` less those a pragma in `comments` (the file's, as the lexer read them)
    /// silences, plus pragmas without a reason and pragmas that silence nothing.
    public static func apply(_ diagnostics: [Diagnostic], comments: [Comment], file: SourceFile) -> [Diagnostic] {
        var pragmas: [Pragma] = []
        var out: [Diagnostic] = []
        for c in comments {
            guard c.text.hasPrefix("gist:ignore") else { continue }
            let body = c.text.dropFirst("gist:ignore".count)
            let parts = body.split(separator: ":", maxSplits: 1)
            let ids = (parts.first ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let reason = parts.count > 1 ? String(parts[1]).trimmingSpaces() : ""
            let range = SourceRange(file, c.span)
            if ids.isEmpty || reason.isEmpty {
                out.append(Diagnostic(.pragmaWithoutReason, "a gist:ignore pragma needs finding ids and a reason: # gist:ignore ID: why", at: range))
                continue
            }
            let line = file.location(of: c.span.start).line
            pragmas.append(Pragma(line: c.ownLine ? line + 1 : line, ids: ids, reason: reason, range: range))
        }
        for d in diagnostics {
            // Warnings and the analyses' findings can be silenced; language errors cannot.
            if d.kind.pragmaMaySilence,
               let r = d.range, r.file === file,
               let k = pragmas.firstIndex(where: { $0.line == r.line && $0.ids.contains(d.id) }) {
                pragmas[k].used = true
                continue
            }
            out.append(d)
        }
        for p in pragmas where !p.used {
            out.append(Diagnostic(.unusedPragma, "this gist:ignore pragma silences nothing", at: p.range))
        }
        return out
    }
}
