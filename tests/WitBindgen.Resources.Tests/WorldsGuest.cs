namespace WitBindgen.Resources.Tests;

/// <summary>
/// A WAT guest of wit-worlds/worlds.wit's world <c>test:worlds/worlds</c>: it imports the host's <c>api</c> and exports
/// its own copy, takes and gives the host's files in its exports, exports <c>base</c> while importing it only because
/// <c>uses-base</c> uses it, and uses the world's own <c>gadget</c> under <c>$root</c>. Written once, named under either
/// scheme a guest may use: the legacy names or today's <c>cm32p2</c> ones (as jco 1.35.0's componentEmbed names them).
/// Some exports misbehave on purpose (<c>hold</c> keeps a lent handle, <c>steal</c> returns one as its own), and a few
/// exports that are not WIT functions let the tests call imports with raw handles.
/// </summary>
internal static class WorldsGuest
{
    private sealed record Names(
        string Api, string ApiEx, string Files, string UserEx, string Base, string UsesBase, string BaseEx, string Root,
        string ApiExports, string UserExports, string BaseExports, string WorldExports,
        System.Func<string, string> Drop, System.Func<string, string, string> Intrinsic, string Memory, string Realloc);

    public static string Legacy => Wat(new Names(
        "test:worlds/api@0.1.0", "[export]test:worlds/api@0.1.0", "test:worlds/files@0.1.0", "[export]test:worlds/user@0.1.0",
        "test:worlds/base@0.1.0", "test:worlds/uses-base@0.1.0", "[export]test:worlds/base@0.1.0", "$root",
        "test:worlds/api@0.1.0#", "test:worlds/user@0.1.0#", "test:worlds/base@0.1.0#", "",
        r => "[resource-drop]" + r, (op, r) => $"[resource-{op}]{r}", "memory", "cabi_realloc"));

    public static string Cm32p2 => Wat(new Names(
        "cm32p2|test:worlds/api@0.1", "cm32p2|_ex_test:worlds/api@0.1", "cm32p2|test:worlds/files@0.1", "cm32p2|_ex_test:worlds/user@0.1",
        "cm32p2|test:worlds/base@0.1", "cm32p2|test:worlds/uses-base@0.1", "cm32p2|_ex_test:worlds/base@0.1", "cm32p2",
        "cm32p2|test:worlds/api@0.1|", "cm32p2|test:worlds/user@0.1|", "cm32p2|test:worlds/base@0.1|", "cm32p2||",
        r => r + "_drop", (op, r) => $"{r}_{op}", "cm32p2_memory", "cm32p2_realloc"));

    private static string Wat(Names n) => $$"""
        (module
          ;; the host's api
          (import "{{n.Api}}" "[method]thing.value" (func $host_thing_value (param i32) (result i32)))
          (import "{{n.Api}}" "make" (func $host_make (param i32) (result i32)))
          (import "{{n.Api}}" "{{n.Drop("thing")}}" (func $host_thing_drop (param i32)))
          ;; the guest's own copy of api: its handles
          (import "{{n.ApiEx}}" "{{n.Intrinsic("new", "thing")}}" (func $thing_new (param i32) (result i32)))
          ;; the host's files
          (import "{{n.Files}}" "[constructor]file" (func $file_new (param i32) (result i32)))
          (import "{{n.Files}}" "[method]file.size" (func $file_size (param i32) (result i32)))
          (import "{{n.Files}}" "{{n.Drop("file")}}" (func $file_drop (param i32)))
          (import "{{n.UserEx}}" "{{n.Intrinsic("new", "reader")}}" (func $reader_new (param i32) (result i32)))
          ;; base: imported only as uses-base's dependency, and exported
          (import "{{n.Base}}" "[constructor]cell" (func $host_cell_new (param i32) (result i32)))
          (import "{{n.Base}}" "{{n.Drop("cell")}}" (func $host_cell_drop (param i32)))
          (import "{{n.UsesBase}}" "peek" (func $peek (param i32) (result i32)))
          (import "{{n.BaseEx}}" "{{n.Intrinsic("new", "cell")}}" (func $cell_new (param i32) (result i32)))
          ;; the world's own gadget
          (import "{{n.Root}}" "make-gadget" (func $make_gadget (param i32) (result i32)))
          (import "{{n.Root}}" "[method]gadget.n" (func $gadget_n (param i32) (result i32)))
          (import "{{n.Root}}" "{{n.Drop("gadget")}}" (func $gadget_drop (param i32)))
          (memory (export "{{n.Memory}}") 1)
          (global $heap (mut i32) (i32.const 1024))
          (global $held (mut i32) (i32.const 0))
          (func $alloc (param $size i32) (param $align i32) (result i32) (local $p i32)
            (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                                   (i32.sub (i32.const 0) (local.get $align))))
            (global.set $heap (i32.add (local.get $p) (local.get $size)))
            (local.get $p))
          (func (export "{{n.Realloc}}") (param i32 i32 i32 i32) (result i32) (call $alloc (local.get 3) (local.get 2)))
          (func $box (param $v i32) (result i32) (local $r i32)
            (local.set $r (call $alloc (i32.const 4) (i32.const 4)))
            (i32.store (local.get $r) (local.get $v))
            (local.get $r))

          ;; api, the guest's copy: a thing is 4 bytes holding its value
          (func (export "{{n.ApiExports}}[constructor]thing") (param i32) (result i32) (call $thing_new (call $box (local.get 0))))
          (func (export "{{n.ApiExports}}[method]thing.value") (param i32) (result i32) (i32.load (local.get 0)))
          ;; make: asks the host's api for a thing, reads it, drops it, and makes its own worth one more
          (func (export "{{n.ApiExports}}make") (param $v i32) (result i32) (local $h i32) (local $value i32)
            (local.set $h (call $host_make (local.get $v)))
            (local.set $value (call $host_thing_value (local.get $h)))
            (call $host_thing_drop (local.get $h))
            (call $thing_new (call $box (i32.add (local.get $value) (i32.const 1)))))
          (func (export "{{n.ApiExports}}read") (param i32) (result i32) (i32.load (local.get 0)))

          ;; user: the host's files
          (func (export "{{n.UserExports}}[constructor]reader") (result i32) (call $reader_new (call $box (i32.const 100))))
          (func (export "{{n.UserExports}}[method]reader.read") (param $self i32) (param $f i32) (result i32) (local $s i32)
            (local.set $s (call $file_size (local.get $f)))
            (call $file_drop (local.get $f))
            (i32.add (local.get $s) (i32.load (local.get $self))))
          (func $size_and_drop (param $f i32) (result i32) (local $s i32)
            (local.set $s (call $file_size (local.get $f)))
            (call $file_drop (local.get $f))
            (local.get $s))
          (func (export "{{n.UserExports}}keep") (param i32) (result i32) (call $size_and_drop (local.get 0)))
          (func (export "{{n.UserExports}}look") (param i32) (result i32) (call $size_and_drop (local.get 0)))
          (func (export "{{n.UserExports}}hold") (param $f i32) (result i32)
            (global.set $held (local.get $f))
            (call $file_size (local.get $f)))
          (func (export "{{n.UserExports}}steal") (param i32) (result i32) (local.get 0))
          (func (export "{{n.UserExports}}give") (param i32) (result i32) (call $file_new (local.get 0)))
          (func (export "{{n.UserExports}}look-all") (param $p i32) (param $n i32) (result i32) (local $s i32)
            (block $done (loop $l
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $s (i32.add (local.get $s) (call $size_and_drop (i32.load (local.get $p)))))
              (local.set $p (i32.add (local.get $p) (i32.const 4)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $l)))
            (local.get $s))

          ;; base, the guest's copy
          (func (export "{{n.BaseExports}}[constructor]cell") (param i32) (result i32) (call $cell_new (call $box (local.get 0))))
          (func (export "{{n.BaseExports}}[method]cell.get") (param i32) (result i32) (i32.load (local.get 0)))

          ;; the world's own functions
          (func (export "{{n.WorldExports}}twice") (param $g i32) (result i32) (local $v i32)
            (local.set $v (call $gadget_n (local.get $g)))
            (call $gadget_drop (local.get $g))
            (i32.mul (local.get $v) (i32.const 2)))
          (func (export "{{n.WorldExports}}keep-gadget") (param $g i32) (result i32) (local $v i32)
            (local.set $v (call $gadget_n (local.get $g)))
            (call $gadget_drop (local.get $g))
            (local.get $v))

          ;; hooks for the tests, not WIT functions
          (func (export "use-held") (result i32) (call $file_size (global.get $held)))
          (func (export "peek-host-cell") (param $v i32) (result i32) (local $h i32) (local $r i32)
            (local.set $h (call $host_cell_new (local.get $v)))
            (local.set $r (call $peek (local.get $h)))
            (call $host_cell_drop (local.get $h))
            (local.get $r))
          (func (export "make-gadget-n") (param $v i32) (result i32) (local $h i32) (local $r i32)
            (local.set $h (call $make_gadget (local.get $v)))
            (local.set $r (call $gadget_n (local.get $h)))
            (call $gadget_drop (local.get $h))
            (local.get $r))
          (func (export "gadget-n") (param i32) (result i32) (call $gadget_n (local.get 0)))
          (func (export "file-size") (param i32) (result i32) (call $file_size (local.get 0)))
          (func (export "file-size-of-gadget") (param $v i32) (result i32) (call $file_size (call $make_gadget (local.get $v))))
        )
        """;
}
