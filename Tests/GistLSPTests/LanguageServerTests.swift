import Foundation
import Testing
import Gist
@testable import GistLSP

/// The server in-process, on files instead of pipes: framing, bad input, positions. The
/// editor features are tested end to end with Neovim (GistCLITests.LanguageServerClientTests).
@Suite struct LanguageServerTests {
    /// Runs the server over `input` (the frames written as given); its exit status and the
    /// JSON bodies it wrote. The analyses wait an hour, so only immediate answers appear.
    func serve(_ input: String) throws -> (status: Int32, messages: [[String: Any]]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gistlsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("in"), outURL = dir.appendingPathComponent("out")
        try input.write(to: inURL, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let server = LanguageServer(input: try FileHandle(forReadingFrom: inURL), output: try FileHandle(forWritingTo: outURL), delay: 3600)
        var log: [String] = []
        let status = server.run { log.append($0) }
        let out = String(decoding: FileManager.default.contents(atPath: outURL.path) ?? Data(), as: UTF8.self)
        var messages: [[String: Any]] = []
        for part in out.components(separatedBy: "Content-Length: ").dropFirst() {
            guard let body = part.components(separatedBy: "\r\n\r\n").dropFirst().first,
                  let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { continue }
            messages.append(json)
        }
        return (status, messages)
    }

    func frame(_ json: String) -> String { "Content-Length: \(json.utf8.count)\r\n\r\n" + json }

    @Test func shutdownThenExitEndsWithZero() throws {
        let (status, messages) = try serve(frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)
            + frame(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#) + frame(#"{"jsonrpc":"2.0","method":"exit"}"#))
        #expect(status == 0)
        #expect(messages.count == 2)
        let capabilities = (messages.first?["result"] as? [String: Any])?["capabilities"] as? [String: Any]
        #expect(capabilities?["renameProvider"] as? Bool == true)
        #expect(messages.last?["id"] as? Int == 2)
        #expect(messages.last.map { $0.keys.contains("result") } == true)
    }

    @Test func badMessagesAreAnsweredNotFatal() throws {
        let (status, messages) = try serve(frame("{not json") + frame(#"{"jsonrpc":"2.0","id":"a","method":"no/such"}"#)
            + frame(#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"oops":1}}"#))
        // The input ended without shutdown: exit 1, as the protocol says.
        #expect(status == 1)
        let codes = messages.compactMap { ($0["error"] as? [String: Any])?["code"] as? Int }
        #expect(codes == [-32700, -32601, -32602])
    }

    @Test func brokenFramingStopsWithStatusOne() throws {
        let (status, messages) = try serve("Content-Length: lots\r\n\r\n{}")
        #expect(status == 1)
        #expect(messages.isEmpty)
    }

    @Test func diagnosticsOfAnOpenedDocumentComeAtOnce() throws {
        let text = "# é𝄞\nguideline \"x\" {\n  version \"1\"\n  source \"s\"\n}\ninput size: length in cm\nlet big = sise > 2 cm\n"
        let message: [String: Any] = ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": [
            "textDocument": ["uri": "file:///nowhere/x.gist", "languageId": "gist", "version": 4, "text": text]]]
        let open = String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self)
        let (_, messages) = try serve(frame(open))
        let params = try #require(messages.first?["params"] as? [String: Any])
        #expect(params["version"] as? Int == 4)
        let diagnostics = try #require(params["diagnostics"] as? [[String: Any]])
        let unknown = try #require(diagnostics.first { $0["code"] as? String == "unknown-name" })
        let start = (unknown["range"] as? [String: Any])?["start"] as? [String: Int]
        #expect(start == ["line": 6, "character": 10])
        let related = (unknown["relatedInformation"] as? [[String: Any]])?.compactMap { $0["message"] as? String }
        #expect(related == ["did you mean 'size'?"])
    }

    /// A guideline's module is read as the editor has it open; a problem inside the module is
    /// published at the top of the guideline, naming the module's file and line.
    @Test func modulesAreReadFromOpenDocuments() throws {
        func open(_ uri: String, _ text: String) throws -> String {
            let message: [String: Any] = ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": [
                "textDocument": ["uri": uri, "languageId": "gist", "version": 1, "text": text]]]
            return frame(String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self))
        }
        let module = "input size: length in cm\nlet big = size > 2 cm and sise\n"
        let guideline = "guideline \"x\" {\n  version \"1\"\n  source \"s\"\n}\nuse \"common.gist\"\n"
            + "recommendation r: recommend \"R.\" cite \"S\"\npathway { when big { recommend r } }\n"
        let (_, messages) = try serve(try open("file:///nowhere/common.gist", module) + open("file:///nowhere/g.gist", guideline))
        let published = messages.compactMap { $0["params"] as? [String: Any] }.filter { ($0["uri"] as? String) == "file:///nowhere/g.gist" }
        let diagnostics = try #require(published.last?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.compactMap { $0["code"] as? String } == ["unknown-name"])
        #expect(diagnostics.first?["message"] as? String == "/nowhere/common.gist:2: unknown name 'sise'")
        let start = (diagnostics.first?["range"] as? [String: Any])?["start"] as? [String: Int]
        #expect(start == ["line": 0, "character": 0])
    }

    @Test func positionsCountUTF16CodeUnits() {
        let file = SourceFile(name: "x", text: "é𝄞x\nab")
        let map = LineMap(file)
        // é is 2 bytes and 1 UTF-16 unit; 𝄞 is 4 bytes and 2 units.
        #expect(map.position(6) == Position(line: 0, character: 3))
        #expect(map.offset(Position(line: 0, character: 3)) == 6)
        #expect(map.position(file.bytes.count) == Position(line: 1, character: 2))
        #expect(map.offset(Position(line: 1, character: 99)) == file.bytes.count)
        #expect(map.offset(Position(line: 9, character: 0)) == file.bytes.count)
    }

    @Test func didYouMeanNotesGiveTheWord() {
        #expect(LanguageServer.suggestion(in: "did you mean 'size'?") == "size")
        #expect(LanguageServer.suggestion(in: "witness: case x { }") == nil)
    }
}
