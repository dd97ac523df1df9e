/// Joining and tidying `/`-separated paths (script `use` and `cases` are relative to the
/// script's folder). Pure string work, so the core needs no file system.
public enum Paths {
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func join(_ dir: String, _ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        return normalize(dir == "." ? path : dir + "/" + path)
    }

    /// Removes `.` and resolves `..` where possible.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for p in path.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            if p == "..", absolute, parts.isEmpty { continue }
            parts.append(p)
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
