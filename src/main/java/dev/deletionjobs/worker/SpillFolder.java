package dev.deletionjobs.worker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import io.quarkus.logging.Log;

/**
 * This process's folder for the runs its jobs spill, under the spill directory, held by a lock on a file in it for as
 * long as the process lives. A process that dies without deleting its runs (killed for memory, or at the end of its
 * grace period) leaves a folder whose lock the kernel has released: the next process to start sweeps it. A pod's
 * {@code emptyDir} outlives a restarted container, and runs left there would fill it.
 */
final class SpillFolder implements AutoCloseable {

    /** Distinctive: the spill directory may be a temp folder that other programs share. */
    static final String PREFIX = "deletion-job-ids-";
    static final String LOCK = "held";

    private final Path path;
    private final FileChannel lockFile;

    private SpillFolder(Path path, FileChannel lockFile) {
        this.path = path;
        this.lockFile = lockFile;
    }

    /**
     * Sweeps the folders of processes that died under {@code directory}, then makes and holds this process's own. A
     * directory that cannot be written is no reason not to start: a job that must spill then fails naming it.
     */
    static SpillFolder under(Path directory) {
        Path path = directory.resolve(PREFIX + UUID.randomUUID());
        try {
            Files.createDirectories(directory);
            sweep(directory);
            Files.createDirectory(path);
            FileChannel lockFile = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            lockFile.lock();
            return new SpillFolder(path, lockFile);
        } catch (IOException e) {
            Log.warnf("The spill directory %s cannot be prepared (%s): jobs whose ids exceed the memory budget will"
                    + " fail until it can", directory, e);
            return new SpillFolder(path, null);
        }
    }

    /** Where this process's runs go. */
    Path path() {
        return path;
    }

    /** Deletes the folders under {@code directory} whose process died: their lock is free. */
    static void sweep(Path directory) throws IOException {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path folder : folders) {
                if (Files.isDirectory(folder) && isAbandoned(folder)) {
                    delete(folder);
                }
            }
        }
    }

    private static boolean isAbandoned(Path folder) {
        try (FileChannel lockFile = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            // Held by this very process (a second reader, as in tests).
            return false;
        } catch (IOException e) {
            // No lock file: a folder still being made, or not one of ours to judge.
            return false;
        }
    }

    private static void delete(Path folder) {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                bytes += Files.size(file);
                Files.delete(file);
            }
            Files.delete(folder);
            Log.infof("Deleted %d bytes of spilled ids a stopped process left in %s", bytes, folder);
        } catch (IOException e) {
            Log.warnf("Cannot delete the spilled ids a stopped process left in %s: %s", folder, e);
        }
    }

    /** Deletes this process's folder (its runs are deleted by their jobs) and releases it. */
    @Override
    public void close() {
        if (lockFile == null) {
            return;
        }
        try {
            lockFile.close();
            Files.deleteIfExists(path.resolve(LOCK));
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A run some job still writes, at shutdown: the next process sweeps the folder.
            Log.debugf("The spill folder %s stays for the next process to sweep: %s", path, e);
        }
    }
}
