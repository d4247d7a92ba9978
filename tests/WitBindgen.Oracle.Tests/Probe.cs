namespace Oracle.Tests;
public static class Probe { }
