/** How a policy reads its recipe arguments, and the located errors it raises about them. */
package org.distill4j.policies.config;
