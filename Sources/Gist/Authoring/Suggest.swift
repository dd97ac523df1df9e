/// "Did you mean …?": the closest known name by edit distance, if close enough.
public enum Suggest {
    /// "did you mean 'mitoses'?" as a diagnostic's note, when a candidate is close to `name`.
    public static func didYouMean(_ name: String, among candidates: some Sequence<String>, prefix: String = "") -> [Diagnostic.Note] {
        closest(to: name, among: candidates).map { ["did you mean '\(prefix)\($0)'?"] } ?? []
    }

    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let length = name.count
        let limit = max(1, length / 3)
        var best: (String, Int)?
        for c in candidates where c != name {
            // The distance is at least the difference in length: skip without computing it
            // (a megabyte-long value in a record would otherwise take seconds per candidate).
            guard abs(c.count - length) <= limit else { continue }
            let d = distance(name, c)
            guard d <= limit else { continue }
            if let b = best, d > b.1 || (d == b.1 && c >= b.0) { continue }
            best = (c, d)
        }
        return best?.0
    }

    /// Levenshtein distance, case-insensitive, with adjacent transpositions counted once.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[y.count]
    }
}
