import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// A parsed SVG (or any XML) document for tests: every element with its attributes, the classes
/// of the `<g>` groups around it and its text content. The parse fails (and so the test) on
/// malformed XML.
public struct SVGInspection {
    public struct Element {
        public let name: String
        public let attributes: [String: String]
        /// The `class` values of the enclosing `<g>` elements, outermost first.
        public let groups: [String]
        public var text: String
    }

    public private(set) var elements: [Element] = []

    public init(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            XCTFail("not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line)
            throw ParseFailure()
        }
        elements = delegate.elements
    }

    /// The elements called `name` inside a group whose class contains `group` (any group when nil).
    public func count(_ name: String, inGroup group: String? = nil) -> Int {
        elements.filter { $0.name == name && (group == nil || $0.groups.contains { $0.split(separator: " ").contains(Substring(group!)) }) }.count
    }

    public func hasGroup(_ className: String) -> Bool {
        elements.contains { $0.name == "g" && $0.attributes["class"] == className }
    }

    public var texts: [Element] { elements.filter { $0.name == "text" } }

    struct ParseFailure: Error {}

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var groupStack: [String?] = []
        var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(Element(name: name, attributes: attributes, groups: groupStack.compactMap { $0 }, text: ""))
            open.append(elements.count - 1)
            if name == "g" { groupStack.append(attributes["class"]) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
            if name == "g" { groupStack.removeLast() }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let index = open.last { elements[index].text += string }
        }
    }
}
