/// Path arithmetic on plain strings. Foundation's `NSString.deletingLastPathComponent` traps on a
/// one-character path in Swift 6.3.1 on Linux (`"o"`, `--out o`), so phbeval does it itself.
public enum PathText {
    /// The directory part of `path`, as `NSString.deletingLastPathComponent` defines it: `""` for
    /// a bare name (`out.csv`), `"/"` for a file at the root, trailing and repeated slashes
    /// ignored (`a/b/` → `a`, `a//b` → `a`).
    public static func directory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.last == "/" { p.removeLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        var head = p[..<slash]
        while head.last == "/" { head.removeLast() }
        return head.isEmpty ? "/" : String(head)
    }
}
