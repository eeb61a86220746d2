package dev.deletionjobs.worker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * The folders this JVM holds (by their real paths), which a sweep never opens: closing any channel to a file
     * releases every lock the process holds on it (POSIX locks are the process's), so a look at one's lock would free
     * it for others to sweep.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private Path path;
    private Path heldAs;
    private FileChannel lockFile;
    private boolean warned;

    private SpillFolder(Path directory) {
        this.directory = directory;
    }

    /**
     * Sweeps the folders of processes that died under {@code directory}, then makes and holds this process's own. A
     * directory that cannot be written is no reason not to start: a job that must spill then fails naming it, until
     * one can be made.
     */
    static SpillFolder under(Path directory) {
        SpillFolder folder = new SpillFolder(directory);
        folder.prepare(true);
        return folder;
    }

    /**
     * Where this process's runs go: its folder, made again (locked, under a new name) if it vanished since (a temp
     * folder's cleaner) or could not be made before.
     */
    synchronized Path path() {
        if (lockFile == null || !Files.isDirectory(path)) {
            release();
            prepare(false);
        }
        return path;
    }

    private void prepare(boolean sweeping) {
        String name = PREFIX + UUID.randomUUID();
        path = directory.resolve(name);
        Path making = directory.resolve("." + name);
        try {
            Files.createDirectories(directory);
            if (sweeping) {
                sweep(directory);
            }
            // Made and locked under a name no sweep reads, then renamed: a sweep never meets it unlocked.
            Files.createDirectory(making);
            lockFile = FileChannel.open(making.resolve(LOCK), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            lockFile.lock();
            heldAs = directory.toRealPath().resolve(name);
            HELD_HERE.add(heldAs);
            Files.move(making, path, StandardCopyOption.ATOMIC_MOVE);
            warned = false;
        } catch (IOException e) {
            if (!warned) {
                Log.warnf("The spill directory %s cannot be prepared (%s): jobs whose ids exceed the memory budget"
                        + " fail until it can", directory, e);
                warned = true;
            }
            release();
            try {
                Files.deleteIfExists(making.resolve(LOCK));
                Files.deleteIfExists(making);
            } catch (IOException ignored) {
                // A directory that refused the folder's rename: what is left of it is empty.
            }
        }
    }

    /** Deletes the folders under {@code directory} whose process died: their lock is free, or they have none. */
    static void sweep(Path directory) throws IOException {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path folder : folders) {
                if (Files.isDirectory(folder) && !heldHere(folder) && isAbandoned(folder)) {
                    delete(folder);
                }
            }
        }
    }

    private static boolean heldHere(Path folder) {
        try {
            return HELD_HERE.contains(folder.toRealPath());
        } catch (IOException e) {
            // Gone meanwhile, or unreadable: not to be judged either way.
            return true;
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
        } catch (NoSuchFileException e) {
            // Folders are named only once locked: one without its lock file was being closed when its process ended.
            return true;
        } catch (OverlappingFileLockException | IOException e) {
            return false;
        }
    }

    private static void delete(Path folder) {
        try {
            long bytes = deleteRuns(folder);
            // The lock file last: a folder that keeps a run is still one a sweep recognises.
            Files.deleteIfExists(folder.resolve(LOCK));
            Files.delete(folder);
            Log.infof("Deleted %d bytes of spilled ids a stopped process left in %s", bytes, folder);
        } catch (IOException e) {
            Log.warnf("Cannot delete the spilled ids a stopped process left in %s: %s", folder, e);
        }
    }

    /** Deletes every file of {@code folder} but its lock; returns their bytes. */
    private static long deleteRuns(Path folder) throws IOException {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!file.getFileName().toString().equals(LOCK)) {
                    bytes += Files.size(file);
                    Files.delete(file);
                }
            }
        }
        return bytes;
    }

    /**
     * Deletes this process's folder and releases it, at shutdown: a run a job still writes (one the drain handed back
     * mid-merge) is deleted with it; a folder that keeps a file is swept by the next process to start.
     */
    @Override
    public synchronized void close() {
        if (lockFile == null) {
            return;
        }
        try {
            deleteRuns(path);
            Files.deleteIfExists(path.resolve(LOCK));
            Files.deleteIfExists(path);
        } catch (IOException e) {
            Log.debugf("The spill folder %s stays for the next process to sweep: %s", path, e);
        } finally {
            release();
        }
    }

    private void release() {
        if (heldAs != null) {
            HELD_HERE.remove(heldAs);
            heldAs = null;
        }
        if (lockFile != null) {
            try {
                lockFile.close();
            } catch (IOException e) {
                // Released when the process exits in any case.
            }
            lockFile = null;
        }
    }
}
