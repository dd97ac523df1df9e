import Foundation

/// Where commands write: standard output and error, or buffers in tests. Knows whether
/// styling is allowed (a terminal, and NO_COLOR unset).
public final class Console: @unchecked Sendable {
    private var outBuffer: [UInt8] = []
    private let writeOut: ([UInt8]) -> Void
    private let writeErr: (String) -> Void
    /// Styling on standard output.
    public let color: Bool
    /// Standard error is a terminal (progress may be shown there).
    public let errIsTerminal: Bool
    /// Standard input is a terminal.
    public let inIsTerminal: Bool
    /// The folder relative paths are resolved against.
    public let directory: String

    public init(color: Bool, errIsTerminal: Bool, inIsTerminal: Bool = false, directory: String,
                out: @escaping ([UInt8]) -> Void, err: @escaping (String) -> Void) {
        self.color = color
        self.errIsTerminal = errIsTerminal
        self.inIsTerminal = inIsTerminal
        self.directory = directory
        self.writeOut = out
        self.writeErr = err
    }

    /// The process's standard streams.
    public static func standard() -> Console {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        return Console(color: isatty(1) == 1 && !noColor && term != "dumb",
                       errIsTerminal: isatty(2) == 1, inIsTerminal: isatty(0) == 1,
                       directory: FileManager.default.currentDirectoryPath,
                       out: { bytes in
                           bytes.withUnsafeBufferPointer { p in
                               guard let base = p.baseAddress else { return }
                               var off = 0
                               while off < p.count {
                                   let n = Foundation.write(1, base + off, p.count - off)
                                   if n <= 0 { break }
                                   off += n
                               }
                           }
                       },
                       err: { s in FileHandle.standardError.write(Data(s.utf8)) })
    }

    /// A console that collects output in memory (tests).
    public final class Capture: @unchecked Sendable {
        public var out = ""
        public var err = ""
        public init() {}
    }

    public static func capture(_ c: Capture, directory: String) -> Console {
        Console(color: false, errIsTerminal: false, directory: directory,
                out: { c.out += String(decoding: $0, as: UTF8.self) }, err: { c.err += $0 })
    }

    public func write(_ s: String) {
        outBuffer.append(contentsOf: s.utf8)
        if outBuffer.count >= 1 << 16 { flush() }
    }

    public func line(_ s: String = "") { write(s + "\n") }

    public func error(_ s: String) {
        flush()
        writeErr(s.hasSuffix("\n") ? s : s + "\n")
    }

    public func flush() {
        if !outBuffer.isEmpty { writeOut(outBuffer); outBuffer.removeAll(keepingCapacity: true) }
    }

    // MARK: styling (only when allowed)

    public enum Style: String { case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36" }

    public func styled(_ s: String, _ styles: Style...) -> String {
        guard color, !styles.isEmpty else { return s }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + s + "\u{1B}[0m"
    }

    /// Resolves a path given on the command line.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") || path == "-" ? path : (directory as NSString).appendingPathComponent(path)
    }
}
