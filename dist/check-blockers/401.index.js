export const id = 401;
export const ids = [401];
export const modules = {

/***/ 2401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openIssuesWithLabel: () => (/* binding */ openIssuesWithLabel)
/* harmony export */ });
/* unused harmony exports DEPLOYMENT_DESCRIPTION_MAX, setDeploymentStatus */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5512);
// Thin GitHub adapter: blocker issues and deployment statuses. The token is masked by the
// caller (secretInput) before it reaches here; it is never logged.


/** GitHub caps a deployment status description at 140 characters. */
const DEPLOYMENT_DESCRIPTION_MAX = 140;
function repo() {
    const [owner, name] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    return { owner, repo: name };
}
async function openIssuesWithLabel(token, label) {
    const octokit = _actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q(token);
    const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...repo(),
        state: 'open',
        labels: label,
        per_page: 100,
    });
    // The issues API also lists pull requests; a labelled PR blocks just the same.
    return issues.map((i) => ({ number: i.number, title: i.title, url: i.html_url }));
}
/**
 * Posts a status on the deployment GitHub already made for this job's environment (a job
 * with `environment:` creates one); creates one only when none exists, so there is never a
 * duplicate.
 */
async function setDeploymentStatus(token, environment, state, description) {
    const octokit = github.getOctokit(token);
    const sha = process.env.GITHUB_SHA ?? '';
    const existing = await octokit.rest.repos.listDeployments({
        ...repo(),
        environment,
        sha,
        per_page: 1,
    });
    const id = existing.data[0]?.id ??
        (await octokit.rest.repos.createDeployment({
            ...repo(),
            ref: sha || process.env.GITHUB_REF || 'HEAD',
            environment,
            auto_merge: false,
            required_contexts: [],
        })).data.id;
    await octokit.rest.repos.createDeploymentStatus({
        ...repo(),
        deployment_id: id,
        state,
        description: description.slice(0, DEPLOYMENT_DESCRIPTION_MAX),
        log_url: runUrl(),
        environment,
    });
    return id;
}


/***/ })

};
