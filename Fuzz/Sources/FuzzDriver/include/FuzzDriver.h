// SwiftPM links an executable with main = <module>_main; this provides that entry point and
// hands control to libFuzzer's driver, which then calls LLVMFuzzerTestOneInput (in Swift).
int FuzzLesson_main(int argc, char **argv);
