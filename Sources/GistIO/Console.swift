import Foundation

/// Where commands write: standard output and error, or buffers in tests. Knows whether
/// styling is allowed (a terminal, and NO_COLOR unset), and remembers the first write that
/// failed (a full disk, a closed stream) so the command can exit with an error.
public final class Console: @unchecked Sendable {
    /// Writes bytes; returns nil, or why they could not be written.
    public typealias Writer = ([UInt8]) -> String?

    private var outBuffer: [UInt8] = []
    private let writeOut: Writer
    private let writeErr: Writer
    /// Styling on standard output.
    public let color: Bool
    /// Standard error is a terminal (progress may be shown there).
    public let errIsTerminal: Bool
    /// Standard input is a terminal.
    public let inIsTerminal: Bool
    /// The folder relative paths are resolved against.
    public let directory: String
    /// Why standard output could not be written (later output is dropped).
    public private(set) var outFailure: String?
    /// Why standard error could not be written (it cannot be reported there).
    public private(set) var errFailure: String?

    public init(color: Bool, errIsTerminal: Bool, inIsTerminal: Bool = false, directory: String,
                out: @escaping Writer, err: @escaping Writer) {
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
                       out: { writeAll(1, $0) }, err: { writeAll(2, $0) })
    }

    /// Writes all of `bytes` to `fd`; nil, or the system's reason for failing.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { p -> String? in
            guard let base = p.baseAddress else { return nil }
            var off = 0
            while off < p.count {
                let n = Foundation.write(fd, base + off, p.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                if n == 0 { return "nothing was written" }
                off += n
            }
            return nil
        }
    }

    /// A console that collects output in memory (tests).
    public final class Capture: @unchecked Sendable {
        public var out = ""
        public var err = ""
        public init() {}
    }

    public static func capture(_ c: Capture, directory: String) -> Console {
        Console(color: false, errIsTerminal: false, directory: directory,
                out: { c.out += String(decoding: $0, as: UTF8.self); return nil },
                err: { c.err += String(decoding: $0, as: UTF8.self); return nil })
    }

    public func write(_ s: String) {
        outBuffer.append(contentsOf: s.utf8)
        if outBuffer.count >= 1 << 16 { flush() }
    }

    /// Bytes that are not text (a PNG image).
    public func write(bytes: [UInt8]) {
        outBuffer.append(contentsOf: bytes)
        if outBuffer.count >= 1 << 16 { flush() }
    }

    public func line(_ s: String = "") { write(s + "\n") }

    public func error(_ s: String) {
        flush()
        status(s.hasSuffix("\n") ? s : s + "\n")
    }

    /// Text on standard error as it is (no line break added): progress shown in place.
    public func status(_ s: String) {
        guard errFailure == nil else { return }
        errFailure = writeErr(Array(s.utf8))
    }

    public func flush() {
        guard !outBuffer.isEmpty else { return }
        if outFailure == nil { outFailure = writeOut(outBuffer) }
        outBuffer.removeAll(keepingCapacity: true)
    }

    // MARK: styling (only when allowed)

    public enum Style: String, Sendable { case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36" }

    public func styled(_ s: String, _ styles: Style...) -> String {
        guard color, !styles.isEmpty else { return s }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + s + "\u{1B}[0m"
    }

    /// Resolves a path given on the command line.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") || path == "-" ? path : (directory as NSString).appendingPathComponent(path)
    }
}
