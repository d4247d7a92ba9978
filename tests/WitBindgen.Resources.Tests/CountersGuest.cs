namespace WitBindgen.Resources.Tests;

/// <summary>
/// A WAT guest exporting <c>test:res/counters@0.1.0</c>: each counter is 4 bytes of its memory (the representation is
/// their address), created with <c>[resource-new]</c>; its destructor counts how often it ran. Written once, named
/// under either scheme a guest may use: the legacy names or today's <c>cm32p2</c> ones.
/// </summary>
internal static class CountersGuest
{
    public const string Interface = "test:res/counters@0.1.0";

    public static string Legacy => Wat("[export]" + Interface, "[resource-new]counter", "[resource-rep]counter", "[resource-drop]counter",
        "memory", "cabi_realloc", Interface + "#", Interface + "#[dtor]counter");

    public static string Cm32p2 => Wat("cm32p2|_ex_test:res/counters@0.1", "counter_new", "counter_rep", "counter_drop",
        "cm32p2_memory", "cm32p2_realloc", "cm32p2|test:res/counters@0.1|", "cm32p2|test:res/counters@0.1|counter_dtor");

    private static string Wat(string module, string @new, string rep, string drop, string memory, string realloc, string e, string dtor) => $$"""
        (module
          (import "{{module}}" "{{@new}}" (func $new (param i32) (result i32)))
          (import "{{module}}" "{{rep}}" (func $rep (param i32) (result i32)))
          (import "{{module}}" "{{drop}}" (func $drop (param i32)))
          (memory (export "{{memory}}") 1)
          (global $heap (mut i32) (i32.const 1024))
          (global $live (mut i32) (i32.const 0))
          (global $dtors (mut i32) (i32.const 0))
          (global $last_dtor (mut i32) (i32.const -1))
          (data (i32.const 8) "empty")
          (func $alloc (param $size i32) (param $align i32) (result i32) (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get $align))))
            (global.set $heap (i32.add (local.get $p) (local.get $size)))
            (local.get $p))
          (func (export "{{realloc}}") (param i32 i32 i32 i32) (result i32) (call $alloc (local.get 3) (local.get 2)))
          (func $counter (param $v i32) (result i32) (local $r i32)
            (local.set $r (call $alloc (i32.const 4) (i32.const 4)))
            (i32.store (local.get $r) (local.get $v))
            (global.set $live (i32.add (global.get $live) (i32.const 1)))
            (call $new (local.get $r)))
          (func (export "{{e}}[constructor]counter") (param i32) (result i32) (call $counter (local.get 0)))
          ;; self is a borrow of the guest's own resource: its representation, no handle
          (func (export "{{e}}[method]counter.get") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "{{e}}[method]counter.add") (param i32 i32)
            (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.load (local.get 1)))))
          ;; own parameters are handles: read through [resource-rep], then dropped (which runs the destructor)
          (func (export "{{e}}[static]counter.merge") (param $a i32) (param $b i32) (result i32) (local $sum i32)
            (local.set $sum (i32.add (i32.load (call $rep (local.get $a))) (i32.load (call $rep (local.get $b)))))
            (call $drop (local.get $a))
            (call $drop (local.get $b))
            (call $counter (local.get $sum)))
          (func (export "{{e}}total") (param $p i32) (param $n i32) (result i32) (local $s i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $s (i32.add (local.get $s) (i32.load (i32.load (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (local.get $s))
          (func (export "{{e}}make") (param $n i32) (result i32) (local $list i32) (local $i i32) (local $ret i32)
            (local.set $list (call $alloc (i32.mul (local.get $n) (i32.const 4)) (i32.const 4)))
            (block $done (loop $l
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (i32.store (i32.add (local.get $list) (i32.mul (local.get $i) (i32.const 4))) (call $counter (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (local.set $ret (call $alloc (i32.const 8) (i32.const 4)))
            (i32.store (local.get $ret) (local.get $list))
            (i32.store offset=4 (local.get $ret) (local.get $n))
            (local.get $ret))
          (func (export "{{e}}wrap") (param $h i32) (param $p i32) (param $l i32) (result i32) (local $ret i32)
            (local.set $ret (call $alloc (i32.const 12) (i32.const 4)))
            (i32.store (local.get $ret) (local.get $p))
            (i32.store offset=4 (local.get $ret) (local.get $l))
            (i32.store offset=8 (local.get $ret) (local.get $h))
            (local.get $ret))
          (func (export "{{e}}unwrap") (param i32 i32 i32) (result i32) (local.get 2))
          (func (export "{{e}}pick") (param $disc i32) (param $h i32) (result i32) (local $ret i32)
            (local.set $ret (call $alloc (i32.const 12) (i32.const 4)))
            (if (local.get $disc)
              (then (i32.store (local.get $ret) (i32.const 0))
                    (i32.store offset=4 (local.get $ret) (local.get $h)))
              (else (i32.store (local.get $ret) (i32.const 1))
                    (i32.store offset=4 (local.get $ret) (i32.const 8))
                    (i32.store offset=8 (local.get $ret) (i32.const 5))))
            (local.get $ret))
          (func (export "{{e}}live") (result i32) (global.get $live))
          (func (export "{{dtor}}") (param $r i32)
            (global.set $live (i32.sub (global.get $live) (i32.const 1)))
            (global.set $dtors (i32.add (global.get $dtors) (i32.const 1)))
            (global.set $last_dtor (i32.load (local.get $r))))
          ;; hooks for the tests, not WIT functions
          (func (export "dtors") (result i32) (global.get $dtors))
          (func (export "last-dtor") (result i32) (global.get $last_dtor))
          (func (export "raw-rep") (param i32) (result i32) (call $rep (local.get 0)))
          (func (export "raw-drop") (param i32) (call $drop (local.get 0)))
          (func (export "raw-new") (param i32) (result i32) (call $counter (local.get 0)))
        )
        """;
}
