/**
 * The GIT task: commit metadata, remote refs and file contents from a remote repository with
 * JGit, fetching as little as possible into a temporary bare repository. See
 * {@link org.flowvault.platform.task.git.GitTask}.
 */
package org.flowvault.platform.task.git;
