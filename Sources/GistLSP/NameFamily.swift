import Foundation
import Gist

/// The files that share one guideline's names: the guideline, the modules it uses (directly or
/// not) and the scripts that use it. Navigation and rename look for a name in every file of
/// every family that holds its declaration.
struct NameFamily {
    /// The guideline, or a module no guideline was found to use (then the family is the
    /// module and the modules it uses).
    let root: Document
    /// The root, then its modules: the files that declare names.
    let declaring: [Document]
    let scripts: [Document]
    let declarations: Declarations

    var documents: [Document] { declaring + scripts }

    func contains(path: String) -> Bool { documents.contains { $0.path == path } }
}

extension Document {
    /// A module as read for a guideline (the text the guideline was checked with): parsed, not
    /// checked on its own.
    init(module unit: SourceUnit) {
        uri = Document.uri(of: unit.file.name)
        path = unit.file.name
        version = 0
        file = unit.file
        self.unit = unit
        tokens = Lexer.tokenize(unit.file).tokens.filter { $0.kind != .eof }
        languageDiagnostics = []
        program = nil
        modules = []
    }

    var isModule: Bool { unit.isModule }
}

extension LanguageServer {
    /// The family whose names a guideline (or a lone module) declares; its scripts only when
    /// asked (finding them reads the disk).
    func family(of root: Document, withScripts: Bool) -> NameFamily {
        let open = openDocuments()
        // An open module's document has the client's URI; its text is what the root was checked with.
        let modules = root.modules.map { m in open.first { $0.path == m.file.name } ?? Document(module: m) }
        let declaring = [root] + modules
        return NameFamily(root: root, declaring: declaring, scripts: withScripts && root.isGuideline ? scripts(using: root) : [],
                          declarations: Declarations(declaring.map(\.unit)))
    }

    /// The families a document's names belong to, without their scripts: a guideline's own; a
    /// script's guideline's; for a module, those of the guidelines found using it
    /// (`guidelines(using:)`), or the module's own when none is.
    func families(for doc: Document) -> [NameFamily] {
        if doc.isGuideline { return [family(of: doc, withScripts: false)] }
        if doc.isModule {
            let users = guidelines(using: doc.path)
            return users.isEmpty ? [family(of: doc, withScripts: false)] : users.map { family(of: $0, withScripts: false) }
        }
        return guideline(for: doc).map { [family(of: $0, withScripts: false)] } ?? []
    }

    /// The guidelines that use a module, directly or through other modules: open guidelines,
    /// and guideline files in the module's folder and the folder above it (where a guideline
    /// keeps `use "common/x.gist"`), not their subfolders. At most 20 files are read from disk.
    func guidelines(using module: String) -> [Document] {
        var found = openDocuments().filter { $0.isGuideline && $0.modules.contains { $0.file.name == module } }.sorted { $0.path < $1.path }
        let here = Paths.directory(of: module)
        let fm = FileManager.default
        var read = 0
        for folder in [here, Paths.directory(of: here)] {
            let names = ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".gist") }.sorted()
            for name in names where read < 20 {
                let path = Paths.join(folder, name)
                guard path != module, !found.contains(where: { $0.path == path }), let data = fm.contents(atPath: path),
                      data.count < 1 << 20, let text = String(data: data, encoding: .utf8), text.contains("use") else { continue }
                read += 1
                let d = Document(uri: Document.uri(of: path), version: 0, text: text, read: moduleReader())
                if d.isGuideline, d.modules.contains(where: { $0.file.name == module }) { found.append(d) }
            }
        }
        return found
    }
}
