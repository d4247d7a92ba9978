using System;
using System.Collections.Generic;
using System.Text;

namespace WitBindgen.Generator.Emit;

/// <summary>
/// WIT names (kebab-case, optionally <c>%</c>-escaped) to C# identifiers: PascalCase for types and members,
/// camelCase for parameters, <c>@</c> before a parameter that is a C# keyword.
/// </summary>
internal static class Naming
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>ip-socket-address</c> → <c>IpSocketAddress</c>; all-capital words are kept (<c>HTTP</c>).</summary>
    public static string Pascal(string? witName)
    {
        var sb = new StringBuilder();
        foreach (var word in Words(witName))
        {
            if (IsAllCaps(word)) sb.Append(word);
            else
            {
                sb.Append(char.ToUpperInvariant(word[0]));
                sb.Append(word, 1, word.Length - 1);
            }
        }
        return Sanitize(sb.ToString());
    }

    /// <summary><c>new-timestamp</c> → <c>newTimestamp</c>, <c>this</c> → <c>@this</c>.</summary>
    public static string Camel(string? witName)
    {
        var sb = new StringBuilder();
        bool first = true;
        foreach (var word in Words(witName))
        {
            if (first) sb.Append(word.ToLowerInvariant());
            else if (IsAllCaps(word)) sb.Append(word);
            else
            {
                sb.Append(char.ToUpperInvariant(word[0]));
                sb.Append(word, 1, word.Length - 1);
            }
            first = false;
        }
        return EscapeKeyword(Sanitize(sb.ToString()));
    }

    /// <summary>Lower-cases the first letter of a C# identifier (for parameters named after members).</summary>
    public static string CamelFromPascal(string pascal)
    {
        if (pascal.Length == 0) return "_";
        int upper = 0;
        while (upper < pascal.Length && char.IsUpper(pascal[upper])) upper++;
        string camel;
        if (upper <= 1) camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        else if (upper == pascal.Length) camel = pascal.ToLowerInvariant();
        // "HTTPRequest" → "httpRequest": keep the capital that starts the next word.
        else camel = pascal.Substring(0, upper - 1).ToLowerInvariant() + pascal.Substring(upper - 1);
        return EscapeKeyword(camel);
    }

    public static string EscapeKeyword(string name) => Keywords.Contains(name) ? "@" + name : name;

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>Makes a valid C# identifier of a namespace segment, type or member name.</summary>
    public static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (var c in name)
            sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        if (sb.Length == 0) return "_";
        if (char.IsDigit(sb[0])) sb.Insert(0, '_');
        return sb.ToString();
    }

    /// <summary>A namespace with every segment a valid identifier (keywords escaped).</summary>
    public static string SanitizeNamespace(string? ns)
    {
        if (string.IsNullOrWhiteSpace(ns)) return "";
        var parts = ns!.Trim().Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.StartsWith("@", StringComparison.Ordinal)) part = part.Substring(1);
            parts[i] = EscapeKeyword(Sanitize(part));
        }
        return string.Join(".", parts);
    }

    /// <summary>
    /// A namespace-level name that would be ambiguous (CS0104) next to a BCL type that C# projects import
    /// implicitly gets <c>Wit</c> before it: <c>random</c> → <c>WitRandom</c>, <c>environment</c> →
    /// <c>WitEnvironment</c>; an interface <c>IDisposable</c> → <c>IWitDisposable</c>.
    /// </summary>
    public static string AvoidImplicitBclName(string name)
    {
        if (!ImplicitBclTypeNames.Contains(name)) return name;
        bool isInterface = name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]);
        return isInterface ? "IWit" + name.Substring(1) : "Wit" + name;
    }

    /// <summary>
    /// The non-generic public types of the namespaces that <c>ImplicitUsings</c> imports in a console project
    /// (System, System.IO, System.Linq, System.Net.Http, System.Threading, System.Threading.Tasks,
    /// System.Collections.Generic) in .NET 10's reference assemblies; a generic BCL type cannot clash with a
    /// non-generic generated one. A test keeps this list complete.
    /// </summary>
    public static readonly HashSet<string> ImplicitBclTypeNames = new(StringComparer.Ordinal)
    {
        "AbandonedMutexException", "AccessViolationException", "Action", "Activator", "AggregateException",
        "ApartmentState", "AppContext", "AppDomain", "AppDomainSetup", "AppDomainUnloadedException",
        "ApplicationException", "ApplicationId", "ArgIterator", "ArgumentException", "ArgumentNullException",
        "ArgumentOutOfRangeException", "ArithmeticException", "Array", "ArrayTypeMismatchException",
        "AssemblyLoadEventArgs", "AssemblyLoadEventHandler", "AsyncCallback", "AsyncEnumerable", "AsyncFlowControl",
        "Attribute", "AttributeTargets", "AttributeUsageAttribute", "AutoResetEvent", "BadImageFormatException",
        "Barrier", "BarrierPostPhaseException", "Base64FormattingOptions", "BinaryReader", "BinaryWriter",
        "BitConverter", "Boolean", "Buffer", "BufferedStream", "Byte", "ByteArrayContent", "CLSCompliantAttribute",
        "CancellationToken", "CancellationTokenRegistration", "CancellationTokenSource",
        "CannotUnloadAppDomainException", "Char", "CharEnumerator", "ClientCertificateOption",
        "CollectionExtensions", "CompressedStack", "ConcurrentExclusiveSchedulerPair", "ConfigureAwaitOptions",
        "Console", "ConsoleCancelEventArgs", "ConsoleCancelEventHandler", "ConsoleColor", "ConsoleKey",
        "ConsoleKeyInfo", "ConsoleModifiers", "ConsoleSpecialKey", "ContextBoundObject", "ContextCallback",
        "ContextMarshalException", "ContextStaticAttribute", "Convert", "CountdownEvent", "DBNull",
        "DataMisalignedException", "DateOnly", "DateTime", "DateTimeKind", "DateTimeOffset", "DayOfWeek", "Decimal",
        "Delegate", "DelegatingHandler", "Directory", "DirectoryInfo", "DirectoryNotFoundException",
        "DivideByZeroException", "DllNotFoundException", "Double", "DriveInfo", "DriveNotFoundException",
        "DriveType", "DuplicateWaitObjectException", "EndOfStreamException", "EntryPointNotFoundException", "Enum",
        "Enumerable", "EnumerableExecutor", "EnumerableQuery", "EnumerationOptions", "Environment",
        "EnvironmentVariableTarget", "ErrorEventArgs", "ErrorEventHandler", "EventArgs", "EventHandler",
        "EventResetMode", "EventWaitHandle", "EventWaitHandleAcl", "Exception", "ExecutionContext",
        "ExecutionEngineException", "FieldAccessException", "File", "FileAccess", "FileAttributes", "FileInfo",
        "FileLoadException", "FileMode", "FileNotFoundException", "FileOptions", "FileShare", "FileStream",
        "FileStreamOptions", "FileStyleUriParser", "FileSystemAclExtensions", "FileSystemEventArgs",
        "FileSystemEventHandler", "FileSystemInfo", "FileSystemWatcher", "FlagsAttribute", "FormUrlEncodedContent",
        "FormatException", "FormattableString", "FtpStyleUriParser", "GC", "GCCollectionMode", "GCGenerationInfo",
        "GCKind", "GCMemoryInfo", "GCNotificationStatus", "GenericUriParser", "GenericUriParserOptions",
        "GopherStyleUriParser", "Guid", "Half", "HandleInheritability", "HashCode", "HostExecutionContext",
        "HostExecutionContextManager", "HttpClient", "HttpClientHandler", "HttpCompletionOption", "HttpContent",
        "HttpIOException", "HttpKeepAlivePingPolicy", "HttpMessageHandler", "HttpMessageInvoker", "HttpMethod",
        "HttpProtocolException", "HttpRequestError", "HttpRequestException", "HttpRequestMessage",
        "HttpRequestOptions", "HttpResponseMessage", "HttpStyleUriParser", "HttpVersionPolicy", "IAsyncDisposable",
        "IAsyncResult", "ICloneable", "IComparable", "IConvertible", "ICustomFormatter", "IDisposable",
        "IFormatProvider", "IFormattable", "IOCompletionCallback", "IOException", "IOrderedQueryable",
        "IQueryProvider", "IQueryable", "IServiceProvider", "ISpanFormattable", "IThreadPoolWorkItem", "ITimer",
        "IUtf8SpanFormattable", "ImmutableArrayExtensions", "Index", "IndexOutOfRangeException",
        "InsufficientExecutionStackException", "InsufficientMemoryException", "Int128", "Int16", "Int32", "Int64",
        "IntPtr", "Interlocked", "InternalBufferOverflowException", "InvalidCastException", "InvalidDataException",
        "InvalidOperationException", "InvalidProgramException", "InvalidTimeZoneException", "KeyNotFoundException",
        "KeyValuePair", "LazyInitializer", "LazyThreadSafetyMode", "LdapStyleUriParser", "LoaderOptimization",
        "LoaderOptimizationAttribute", "LocalDataStoreSlot", "Lock", "LockCookie", "LockRecursionException",
        "LockRecursionPolicy", "MTAThreadAttribute", "ManualResetEvent", "ManualResetEventSlim",
        "MarshalByRefObject", "MatchCasing", "MatchType", "Math", "MathF", "MemberAccessException",
        "MemoryExtensions", "MemoryStream", "MessageProcessingHandler", "MethodAccessException", "MidpointRounding",
        "MissingFieldException", "MissingMemberException", "MissingMethodException", "ModuleHandle", "Monitor",
        "MulticastDelegate", "MulticastNotSupportedException", "MultipartContent", "MultipartFormDataContent",
        "Mutex", "MutexAcl", "NamedWaitHandleOptions", "NativeOverlapped", "NetPipeStyleUriParser",
        "NetTcpStyleUriParser", "NewsStyleUriParser", "NonSerializedAttribute", "NotFiniteNumberException",
        "NotImplementedException", "NotSupportedException", "NotifyFilters", "NullReferenceException", "Nullable",
        "Object", "ObjectDisposedException", "ObsoleteAttribute", "OperatingSystem", "OperationCanceledException",
        "OutOfMemoryException", "OverflowException", "Overlapped", "Parallel", "ParallelEnumerable",
        "ParallelExecutionMode", "ParallelLoopResult", "ParallelLoopState", "ParallelMergeOptions",
        "ParallelOptions", "ParallelQuery", "ParamArrayAttribute", "ParameterizedThreadStart", "Path",
        "PathTooLongException", "PeriodicTimer", "PlatformID", "PlatformNotSupportedException",
        "PreAllocatedOverlapped", "Queryable", "Random", "RandomAccess", "Range", "RankException",
        "ReadOnlyMemoryContent", "ReaderWriterLock", "ReaderWriterLockSlim", "ReferenceEqualityComparer",
        "RegisteredWaitHandle", "RenamedEventArgs", "RenamedEventHandler", "ResolveEventArgs", "ResolveEventHandler",
        "RuntimeArgumentHandle", "RuntimeFieldHandle", "RuntimeMethodHandle", "RuntimeTypeHandle", "SByte",
        "STAThreadAttribute", "SearchOption", "SeekOrigin", "Semaphore", "SemaphoreAcl", "SemaphoreFullException",
        "SemaphoreSlim", "SendOrPostCallback", "SequencePosition", "SerializableAttribute", "Single",
        "SocketsHttpConnectionContext", "SocketsHttpHandler", "SocketsHttpPlaintextStreamFilterContext", "SpinLock",
        "SpinWait", "StackOverflowException", "Stream", "StreamContent", "StreamReader", "StreamWriter", "String",
        "StringComparer", "StringComparison", "StringContent", "StringNormalizationExtensions", "StringReader",
        "StringSplitOptions", "StringWriter", "SynchronizationContext", "SynchronizationLockException",
        "SystemException", "Task", "TaskAsyncEnumerableExtensions", "TaskCanceledException", "TaskCompletionSource",
        "TaskContinuationOptions", "TaskCreationOptions", "TaskExtensions", "TaskFactory", "TaskScheduler",
        "TaskSchedulerException", "TaskStatus", "TaskToAsyncResult", "TextReader", "TextWriter", "Thread",
        "ThreadAbortException", "ThreadExceptionEventArgs", "ThreadExceptionEventHandler",
        "ThreadInterruptedException", "ThreadPool", "ThreadPoolBoundHandle", "ThreadPriority", "ThreadStart",
        "ThreadStartException", "ThreadState", "ThreadStateException", "ThreadStaticAttribute",
        "ThreadingAclExtensions", "TimeOnly", "TimeProvider", "TimeSpan", "TimeZone", "TimeZoneInfo",
        "TimeZoneNotFoundException", "Timeout", "TimeoutException", "Timer", "TimerCallback", "Tuple",
        "TupleExtensions", "Type", "TypeAccessException", "TypeCode", "TypeInitializationException",
        "TypeLoadException", "TypeUnloadedException", "TypedReference", "UInt128", "UInt16", "UInt32", "UInt64",
        "UIntPtr", "UnauthorizedAccessException", "UnhandledExceptionEventArgs", "UnhandledExceptionEventHandler",
        "UnixFileMode", "UnmanagedMemoryAccessor", "UnmanagedMemoryStream", "UnobservedTaskExceptionEventArgs",
        "Uri", "UriBuilder", "UriComponents", "UriCreationOptions", "UriFormat", "UriFormatException",
        "UriHostNameType", "UriKind", "UriParser", "UriPartial", "UriTypeConverter", "ValueTask", "ValueTuple",
        "ValueType", "Version", "Void", "Volatile", "WaitCallback", "WaitForChangedResult", "WaitHandle",
        "WaitHandleCannotBeOpenedException", "WaitHandleExtensions", "WaitOrTimerCallback", "WatcherChangeTypes",
        "WeakReference",
    };

    private static IEnumerable<string> Words(string? witName)
    {
        var name = witName ?? "";
        if (name.StartsWith("%", StringComparison.Ordinal)) name = name.Substring(1);
        foreach (var word in name.Split('-'))
            if (word.Length > 0) yield return word;
    }

    private static bool IsAllCaps(string word)
    {
        bool anyUpper = false;
        foreach (var c in word)
        {
            if (char.IsLower(c)) return false;
            if (char.IsUpper(c)) anyUpper = true;
        }
        return anyUpper && word.Length > 1;
    }
}

/// <summary>
/// Hands out unique names within one C# scope: a taken name gets <c>Value</c> appended (the C# convention for
/// a member that would repeat its type's name), then a number.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    public NameScope(IEnumerable<string>? reserved = null, bool ignoreCase = false)
    {
        _taken = new HashSet<string>(ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        if (reserved != null) foreach (var r in reserved) _taken.Add(r);
    }

    public bool IsTaken(string name) => _taken.Contains(name);

    public void Reserve(string name) => _taken.Add(name);

    /// <summary>Takes <paramref name="name"/>, or the first free of <c>name + suffix</c>, <c>name + suffix + 2</c>, ….</summary>
    public string Take(string name, string suffix = "Value")
    {
        if (_taken.Add(name)) return name;
        var candidate = name + suffix;
        if (_taken.Add(candidate)) return candidate;
        for (int i = 2; ; i++)
        {
            candidate = name + suffix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }

    /// <summary>Takes the first free of <paramref name="name"/>, <c>name2</c>, <c>name3</c>, ….</summary>
    public string TakeNumbered(string name)
    {
        if (_taken.Add(name)) return name;
        for (int i = 2; ; i++)
        {
            var candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }
}
