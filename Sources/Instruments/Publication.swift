import Foundation

/// The publication a value set, crosswalk or mapping comes from.
///
/// Built from the shipped `references.csv` (PubMed ID, DOI, URL) and `publications.csv` (first
/// author, year).
public struct Publication: Sendable, Equatable {
    /// First author's surname as published, e.g. `Devlin`, `Hernández Alava`, `MVH Group`.
    public var author: String
    public var year: Int
    public var doi: String?
    public var pubmed: String?
    public var url: String?

    /// `Author Year`, e.g. `Devlin 2018`.
    public var citation: String { "\(author) \(year)" }


    /// The alias of the set called `name` in the tables: `Place-Author-Year`, e.g.
    /// `England-Devlin-2018`, `UK-Rowen-2026`, `Netherlands-Lamers-2006` for `Netherlands_2006`.
    /// The author is folded to ASCII without spaces (`Hernández Alava` → `HernandezAlava`); a
    /// `_YYYY` suffix of the name is dropped because the year follows.
    public func alias(forSetNamed name: String) -> String {
        var place = Substring(name)
        if let underscore = place.lastIndex(of: "_"),
           place[place.index(after: underscore)...].allSatisfy(\.isNumber),
           place.distance(from: underscore, to: place.endIndex) == 5 {
            place = place[..<underscore]
        }
        let token = author.folding(options: [.diacriticInsensitive], locale: nil).replacingOccurrences(of: " ", with: "")
        return "\(place)-\(token)-\(year)"
    }
}

extension Publication {
    /// The publication of set `name` of `kind` (`TTO`, `VAS`, `VT`, `CW`, `DSU`) for `version`.
    static func of(version: String, kind: String, name: String) throws(ResourceError) -> Publication {
        let catalog = try catalog.get()
        guard let publication = catalog[CatalogKey(version: version, kind: kind, name: name)] else {
            throw ResourceError(file: "publications.csv", problem: "no entry for \(version) \(kind) \(name)")
        }
        return publication
    }

    private struct CatalogKey: Hashable {
        var version: String
        var kind: String
        var name: String
    }

    private static let catalog: Result<[CatalogKey: Publication], ResourceError> = Result { () throws(ResourceError) in
        let references = try ResourceTable.load("references.csv")
        let authors = try ResourceTable.load("publications.csv")
        let (rv, rt, rc) = (try references.column("Version"), try references.column("Type"), try references.column("Country"))
        let (pubmed, doi, url) = (try references.column("PubMed"), try references.column("DOI"), try references.column("ExternalURL"))
        var byKey: [CatalogKey: [String]] = [:]
        for row in references.rows where !row[rc].isEmpty {
            byKey[CatalogKey(version: row[rv], kind: row[rt], name: row[rc])] = row
        }
        let (av, at, ac) = (try authors.column("Version"), try authors.column("Type"), try authors.column("Country"))
        let (author, year) = (try authors.column("Author"), try authors.column("Year"))
        var catalog: [CatalogKey: Publication] = [:]
        for (i, row) in authors.rows.enumerated() {
            let key = CatalogKey(version: row[av], kind: row[at], name: row[ac])
            guard let reference = byKey[key], let y = Int(row[year]) else {
                throw ResourceError(file: authors.file, problem: "line \(i + 2) has no matching reference or no year")
            }
            func text(_ field: String) -> String? { field.isEmpty ? nil : field }
            // references.csv gives Chile's DOI with a stray final full stop; a DOI here never ends in one.
            let cleanDOI = text(reference[doi]).map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            catalog[key] = Publication(author: row[author], year: y, doi: cleanDOI,
                                       pubmed: text(reference[pubmed]), url: text(reference[url]))
        }
        return catalog
    }
}
